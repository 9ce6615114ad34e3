"""Every write of an exemption request: filing it, adding a document, withdrawing, deciding.

Each runs in a transaction under the call's row lock (`dues_call_lock`), taken first by every
write, so a request filed twice at once, a withdrawal crossing a decision, or two staff
deciding at once are serialised: the second finds the request no longer open and is refused
by the workflow. Each step is recorded as an `ExemptionEvent` whose email is queued on commit.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from cotisations.models import CallStatus, Category, DuesCall
from cotisations.services.adjustments import dues_call_exempt_in_full, dues_call_halve
from cotisations.services.calls import dues_call_lock
from councils.selectors import council_for_department
from exemptions.models import (
    EXEMPTION_WORKFLOW,
    OPEN_REQUEST_MESSAGE,
    ExemptionDocument,
    ExemptionEvent,
    ExemptionKind,
    ExemptionRequest,
    ExemptionStatus,
    ExemptionStep,
)
from exemptions.uploads import MAX_DOCUMENTS
from portal.french_format import french_date
from portal.queueing import enqueue_on_commit
from vault.services import staged_discard
from vault.streams import StagedObject

S = ExemptionStatus

# What the council may decide, and the step the doctor is told about.
DECISIONS: dict[str, str] = {
    S.GRANTED_TOTAL: ExemptionStep.GRANTED_TOTAL,
    S.GRANTED_HALF: ExemptionStep.GRANTED_HALF,
    S.REFUSED: ExemptionStep.REFUSED,
}


def _event_record(*, request: ExemptionRequest, step: str, actor: User | None) -> None:
    event = ExemptionEvent(request=request, step=step, actor=actor)
    event.full_clean()
    event.save()
    enqueue_on_commit("exemptions.tasks.send_exemption_email", event.pk)


def exemption_deadline_check(*, call: DuesCall, today: date | None = None) -> None:
    """Why no request may be filed on `call` today, if none may (field-level, in French)."""
    today = today or timezone.localdate()
    campaign = call.campaign
    if today > campaign.deadline:
        raise ValidationError(
            {
                "kind": (
                    f"La date limite de la cotisation {campaign.year} "
                    f"({french_date(campaign.deadline)}) est passée\u00a0: une demande "
                    "d’exonération ne peut plus être déposée en ligne. Écrivez à votre "
                    "conseil départemental."
                )
            }
        )
    if call.status in (CallStatus.EXEMPT, CallStatus.CANCELLED):
        raise ValidationError(
            {
                "kind": (
                    f"Votre cotisation {campaign.year} est «\u00a0{call.get_status_display()}"
                    "\u00a0»\u00a0: il n’y a rien à exonérer."
                )
            }
        )


def _owned_call(*, user: User, call_id: int) -> DuesCall:
    call = dues_call_lock(call_id=call_id)
    if user.doctor_id is None or call.doctor_id != user.doctor_id:
        raise PermissionDenied
    return call


def _document_add(*, request: ExemptionRequest, staged: StagedObject) -> ExemptionDocument:
    if request.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(
            {"documents": f"Une demande peut comporter au plus {MAX_DOCUMENTS} justificatifs."}
        )
    document = ExemptionDocument(request=request, **staged.row_fields())
    document.full_clean()
    document.save(force_insert=True)
    return document


def exemption_request_create(
    *,
    user: User,
    call_id: int,
    kind: str,
    reason: str,
    explanation: str,
    staged: StagedObject | None = None,
    today: date | None = None,
) -> ExemptionRequest:
    """File a request on the user's own call before the campaign's deadline; its first
    document (already encrypted in storage) is deleted if the request is refused."""
    try:
        with transaction.atomic():
            call = _owned_call(user=user, call_id=call_id)
            exemption_deadline_check(call=call, today=today)
            if kind == ExemptionKind.HALF and call.category == Category.HALF_EXEMPT:
                raise ValidationError(
                    {"kind": "Votre cotisation est déjà réduite de moitié pour cette année."}
                )
            request = ExemptionRequest(
                call=call,
                user=user,
                council=council_for_department(department=call.department),
                kind=kind,
                reason=reason,
                explanation=(explanation or "").strip(),
            )
            # Field errors (kind, reason, explanation) and the one-open-request rule.
            request.full_clean()
            try:
                with transaction.atomic():
                    request.save()
            except IntegrityError as exc:  # the same rule, lost to a concurrent insert
                raise ValidationError(OPEN_REQUEST_MESSAGE, code="open_request") from exc
            if staged is not None:
                _document_add(request=request, staged=staged)
            _event_record(request=request, step=ExemptionStep.RECEIVED, actor=user)
    except BaseException:
        if staged is not None:
            staged_discard(staged=staged)
        raise
    return request


def _locked_request(*, request_id: int) -> tuple[DuesCall, ExemptionRequest]:
    call_id = ExemptionRequest.objects.values_list("call_id", flat=True).get(pk=request_id)
    call = dues_call_lock(call_id=call_id)
    return call, ExemptionRequest.objects.select_for_update().get(pk=request_id)


def exemption_document_add(
    *, user: User, request_id: int, staged: StagedObject
) -> ExemptionDocument:
    """One more document on the user's own request while it waits for the council."""
    try:
        with transaction.atomic():
            _call, request = _locked_request(request_id=request_id)
            if request.user_id != user.pk:
                raise PermissionDenied
            if not request.is_open:
                raise ValidationError(
                    {
                        "documents": "Cette demande est close\u00a0: aucun justificatif ne peut "
                        "plus y être ajouté."
                    }
                )
            return _document_add(request=request, staged=staged)
    except BaseException:
        staged_discard(staged=staged)
        raise


@transaction.atomic
def exemption_request_withdraw(*, user: User, request_id: int) -> ExemptionRequest:
    _call, request = _locked_request(request_id=request_id)
    if request.user_id != user.pk:
        raise PermissionDenied
    EXEMPTION_WORKFLOW.move(request, S.WITHDRAWN)
    request.full_clean()
    request.save(update_fields=["status", "updated_at"])
    _event_record(request=request, step=ExemptionStep.WITHDRAWN, actor=user)
    return request


@transaction.atomic
def exemption_request_decide(
    *, request_id: int, staff: User, decision: str, reason: str
) -> ExemptionRequest:
    """The departmental council's decision, with its reason (sent to the doctor).

    Granted total: the call becomes exempt (what was paid is to be refunded). Granted half:
    the call's amount and each council's part are halved (payments beyond it to be refunded).
    A total request may be granted half. Deciding twice is refused by the workflow.
    """
    if not (staff.is_active and staff.is_staff):
        raise PermissionDenied("Seule l’équipe du conseil peut décider d’une demande.")
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choisissez une décision."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Indiquez le motif de la décision\u00a0: il est envoyé au médecin."}
        )
    call, request = _locked_request(request_id=request_id)
    EXEMPTION_WORKFLOW.move(request, decision)
    request.decision_reason = reason
    request.decided_by = staff
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    history = f"Demande d’exonération n° {request.pk}\u00a0: {reason}"
    if decision == S.GRANTED_TOTAL:
        dues_call_exempt_in_full(call_id=call.pk, reason=history, actor=staff)
    elif decision == S.GRANTED_HALF:
        dues_call_halve(call_id=call.pk, reason=history, actor=staff)
    _event_record(request=request, step=DECISIONS[decision], actor=staff)
    return request
