"""Every write of a doctor's change request: filing it, deciding it, logging document access."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from councils.selectors import council_for_department
from portal.workflow import TransitionError
from roll.models import (
    CHANGEABLE_FIELDS,
    ChangeDocumentAccess,
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    ChangeStatus,
    ChangeStep,
    Doctor,
)
from roll.models_changes import CHANGE_WORKFLOW, OPEN_REQUEST_MESSAGE
from vault.services import staged_discard
from vault.streams import StagedObject

S = ChangeStatus

NOTHING_CHANGED = (
    "Vous n’avez modifié aucune information : changez au moins un champ avant d’envoyer "
    "votre demande."
)


# The old name of the portal's one transition error, kept for callers and tests for now.
TransitionRefused = TransitionError


def _clean_value(field: str, value: Any, doctor: Doctor) -> str:
    """The value as the roll would store it, or a ValidationError keyed on the field."""
    text = value.strip() if isinstance(value, str) else value
    try:
        cleaned = Doctor._meta.get_field(field).clean(text, doctor)  # type: ignore[union-attr]
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return str(cleaned)


def changes_from(*, doctor: Doctor, values: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The fields of `values` that differ from the roll, as {field: {"old", "new"}}."""
    unknown = set(values) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not changeable on the roll: {sorted(unknown)}")
    changes = {}
    errors: dict[str, list[str]] = {}
    for field in CHANGEABLE_FIELDS:
        if field not in values:
            continue
        try:
            new = _clean_value(field, values[field], doctor)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        old = str(getattr(doctor, field) or "")
        if new != old:
            changes[field] = {"old": old, "new": new}
    if errors:
        raise ValidationError(errors)
    return changes


def _event_record(*, request: ChangeRequest, step: str, actor: User | None) -> ChangeRequestEvent:
    """Record a step and queue its email once the transaction commits."""
    event = ChangeRequestEvent(request=request, step=step, actor=actor)
    event.full_clean()
    event.save()
    from roll.tasks import send_change_request_email

    event_id = event.pk
    transaction.on_commit(lambda: send_change_request_email.delay(event_id))
    return event


def change_request_create(
    *,
    doctor: Doctor,
    user: User,
    values: Mapping[str, Any],
    explanation: str,
    staged: StagedObject | None = None,
) -> ChangeRequest:
    """File a request holding only the fields that differ from the roll, with old and new
    values; the supporting document (already encrypted in storage) goes if it is refused."""
    try:
        with transaction.atomic():
            # Locking the roll entry serialises two requests sent at once by the same doctor.
            locked = Doctor.objects.select_for_update().get(pk=doctor.pk)
            if user.doctor_id != locked.pk:
                raise PermissionDenied
            changes = changes_from(doctor=locked, values=values)
            if not changes:
                raise ValidationError(NOTHING_CHANGED, code="nothing_changed")
            explanation = explanation.strip()
            if not explanation:
                raise ValidationError(
                    {"explanation": "Expliquez en quelques mots la modification demandée."}
                )
            request = ChangeRequest(
                doctor=locked,
                user=user,
                council=council_for_department(department=locked.department),
                changes=changes,
                explanation=explanation,
            )
            # full_clean checks the one-open-request constraint (OPEN_REQUEST_MESSAGE).
            request.full_clean()
            try:
                with transaction.atomic():
                    request.save()
            except IntegrityError as exc:  # the same check, lost to a concurrent insert
                raise ValidationError(OPEN_REQUEST_MESSAGE, code="open_request") from exc
            if staged is not None:
                document = ChangeRequestDocument(request=request, **staged.row_fields())
                document.full_clean()
                document.save(force_insert=True)
            _event_record(request=request, step=ChangeStep.RECEIVED, actor=user)
    except BaseException:
        if staged is not None:
            staged_discard(staged=staged)
        raise
    return request


def _decide(
    *, request: ChangeRequest, staff: User, to: str, reason: str = ""
) -> tuple[ChangeRequest, Doctor]:
    """Lock the request and its doctor, check staff and transition, record the decision."""
    if not (staff.is_active and staff.is_staff):
        raise PermissionDenied("Seule l’équipe du conseil peut décider d’une demande.")
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    CHANGE_WORKFLOW.move(locked, to)
    doctor = Doctor.objects.select_for_update().get(pk=locked.doctor_id)
    locked.refusal_reason = reason
    locked.decided_by = staff
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    step = ChangeStep.APPROVED if to == S.APPROVED else ChangeStep.REFUSED
    _event_record(request=locked, step=step, actor=staff)
    return locked, doctor


@transaction.atomic
def change_request_approve(*, request: ChangeRequest, staff: User) -> ChangeRequest:
    """Accept the request and write its new values to the roll, in one transaction.

    The directory's search row follows the roll by database triggers (directory/sync.py):
    saving the doctor is all it needs.
    """
    decided, doctor = _decide(request=request, staff=staff, to=S.APPROVED)
    fields = [field for field in CHANGEABLE_FIELDS if field in decided.changes]
    for field in fields:
        setattr(doctor, field, decided.changes[field]["new"])
    others = [f.name for f in Doctor._meta.concrete_fields if f.name not in fields]
    try:
        # Only the changed fields are checked: the rest of the entry is the roll's as it is.
        doctor.full_clean(exclude=others)
    except ValidationError as exc:
        raise ValidationError(
            "Les nouvelles valeurs ne peuvent pas être inscrites au tableau\u00a0: "
            + " ".join(exc.messages)
        ) from exc
    doctor.save(update_fields=[*fields, "updated_at"])
    return decided


@transaction.atomic
def change_request_refuse(*, request: ChangeRequest, staff: User, reason: str) -> ChangeRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Indiquez le motif du refus\u00a0: il est envoyé au médecin."}
        )
    decided, _doctor = _decide(request=request, staff=staff, to=S.REFUSED, reason=reason)
    return decided


def change_document_access_record(
    *, document: ChangeRequestDocument, actor: User, ip: str | None
) -> ChangeDocumentAccess:
    access = ChangeDocumentAccess(document=document, actor=actor, ip_address=ip or None)
    access.full_clean()
    access.save()
    return access
