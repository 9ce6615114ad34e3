"""Every write of a first registration: drafts, documents, guarded status changes, approval."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from portal.workflow import TransitionError
from registrations.models import (
    REGISTRATION_WORKFLOW,
    STEP_FIELDS,
    DocumentAccess,
    DocumentKind,
    RegistrationDocument,
    RegistrationRequest,
    RegistrationStatus,
    StatusChange,
)
from roll.models import Doctor, DoctorStatus
from roll.rpps import normalize_rpps, validate_rpps
from vault.services import object_delete_on_commit, staged_discard
from vault.streams import StagedObject

S = RegistrationStatus

REQUIRED_DOCUMENTS = [DocumentKind.IDENTITY, DocumentKind.STUDIES]

EDIT_REFUSED = (
    "Votre demande a été envoyée : elle ne peut plus être modifiée. "
    "Si l’Ordre a besoin d’un document, il vous le demandera."
)


# The old name of the portal's one transition error, kept for callers and tests for now.
TransitionRefused = TransitionError


def registration_draft_get_or_create(*, user: User) -> RegistrationRequest:
    """The user's request: one per account, so a second one is the same one."""
    registration, _ = RegistrationRequest.objects.get_or_create(
        user=user, defaults={"email": user.email}
    )
    return registration


def registration_step_save(
    *, registration: RegistrationRequest, data: dict[str, Any]
) -> RegistrationRequest:
    """Save one step of a draft; refused once the request has been sent."""
    with transaction.atomic():
        locked = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
        if not locked.is_editable:
            raise ValidationError(EDIT_REFUSED)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        # full_clean checks the one-request-per-person constraint (DUPLICATE_MESSAGE) too.
        locked.full_clean()
        locked.save()
    return locked


def _label(field: str) -> str:
    model_field = RegistrationRequest._meta.get_field(field)
    return str(getattr(model_field, "verbose_name", field))


def missing_items(*, registration: RegistrationRequest) -> list[str]:
    """What still lacks before sending, in words the applicant reads."""
    missing = [
        str(_label(field))
        for fields in STEP_FIELDS.values()
        for field in fields
        if getattr(registration, field) in (None, "")
    ]
    kinds = set(registration.documents.values_list("kind", flat=True))
    missing += [str(kind.label) for kind in REQUIRED_DOCUMENTS if kind not in kinds]
    return missing


def registration_document_add(
    *, registration: RegistrationRequest, kind: str, staged: StagedObject
) -> RegistrationDocument:
    """Record an encrypted object as a document of the request; the object goes if refused."""
    try:
        with transaction.atomic():
            locked = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
            if not locked.accepts_documents:
                raise ValidationError(EDIT_REFUSED)
            if locked.documents.count() >= settings.REGISTRATIONS_MAX_DOCUMENTS:
                raise ValidationError("Vous avez déjà déposé le nombre maximal de documents.")
            document = RegistrationDocument(request=locked, kind=kind, **staged.row_fields())
            document.full_clean()
            document.save(force_insert=True)
    except BaseException:
        staged_discard(staged=staged)
        raise
    return document


def registration_document_delete(*, registration: RegistrationRequest, document_id: Any) -> None:
    """A draft's document can be replaced; once sent, documents stay for staff."""
    with transaction.atomic():
        locked = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
        if not locked.is_editable:
            raise ValidationError(EDIT_REFUSED)
        document = locked.documents.get(pk=document_id)
        document.delete()
        object_delete_on_commit(document.storage_name)


def _transition(
    *,
    registration: RegistrationRequest,
    to: str,
    actor: User | None,
    message: str = "",
    changes: dict[str, Any] | None = None,
) -> RegistrationRequest:
    """Move a locked request along an allowed transition, record history, queue the email."""
    locked = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    move = REGISTRATION_WORKFLOW.move(locked, to)
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    change = StatusChange(
        request=locked,
        from_status=move.from_status,
        to_status=move.to_status,
        actor=actor,
        message=message,
    )
    change.full_clean()
    change.save()
    from registrations.tasks import send_status_email

    change_id = change.pk
    transaction.on_commit(lambda: send_status_email.delay(change_id))
    return locked


@transaction.atomic
def registration_submit(*, registration: RegistrationRequest, actor: User) -> RegistrationRequest:
    """Send a complete draft, or send back a request once the asked documents are added."""
    current = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    missing = missing_items(registration=current)
    if missing:
        raise ValidationError(
            "Votre demande est incomplète. Il manque : " + ", ".join(missing) + "."
        )
    if current.status == S.DOCUMENTS_REQUESTED:
        asked_at = current.history.filter(to_status=S.DOCUMENTS_REQUESTED).last()
        since = asked_at.at if asked_at else current.submitted_at
        if not current.documents.filter(created_at__gt=since).exists():
            raise ValidationError(
                "Déposez d’abord le ou les documents demandés par l’Ordre, puis renvoyez "
                "votre demande."
            )
    return _transition(
        registration=current,
        to=S.SUBMITTED,
        actor=actor,
        changes={"submitted_at": timezone.now()},
    )


@transaction.atomic
def registration_request_documents(
    *, registration: RegistrationRequest, actor: User, message: str
) -> RegistrationRequest:
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Indiquez le ou les documents que vous demandez."})
    return _transition(
        registration=registration,
        to=S.DOCUMENTS_REQUESTED,
        actor=actor,
        message=message,
        changes={"staff_message": message},
    )


@transaction.atomic
def registration_reject(
    *, registration: RegistrationRequest, actor: User, reason: str
) -> RegistrationRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du refus."})
    return _transition(
        registration=registration,
        to=S.REJECTED,
        actor=actor,
        message=reason,
        changes={"rejection_reason": reason, "decided_at": timezone.now()},
    )


@transaction.atomic
def registration_approve(
    *, registration: RegistrationRequest, actor: User, rpps: str
) -> RegistrationRequest:
    """Approve and put the applicant on the roll (created, or updated by RPPS), active.

    The roll's email is the applicant's, so the claim flow (/espace/rattacher/) sends the code
    to the address the applicant used here.
    """
    rpps = normalize_rpps(rpps or "")
    try:
        validate_rpps(rpps)
    except ValidationError as exc:
        raise ValidationError({"rpps": exc.messages}) from exc
    current = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    # Checked before touching the roll; _transition checks again under the same lock.
    REGISTRATION_WORKFLOW.check(current.status, S.APPROVED)
    assert current.specialty is not None
    values = {
        "civility": current.civility,
        "last_name": current.last_name,
        "first_name": current.first_name,
        "specialty": current.specialty.name,
        "department": current.department,
        "status": DoctorStatus.ACTIVE,
        "email": current.email,
    }
    doctor = Doctor.objects.select_for_update().filter(rpps=rpps).first()
    if doctor is None:
        doctor = Doctor(rpps=rpps, registered_on=timezone.localdate(), **values)
    else:
        for field, value in values.items():
            setattr(doctor, field, value)
    doctor.full_clean()
    doctor.save()
    return _transition(
        registration=current,
        to=S.APPROVED,
        actor=actor,
        changes={"rpps": rpps, "doctor": doctor, "decided_at": timezone.now()},
    )


def document_access_record(
    *, document: RegistrationDocument, actor: User, ip: str | None
) -> DocumentAccess:
    access = DocumentAccess(document=document, actor=actor, ip_address=ip or None)
    access.full_clean()
    access.save()
    return access
