"""pain.008 batches: the debits due by a collection date, written once, then settled."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from cotisations.models import CallStatus, DuesCall, PaymentMethod
from cotisations.services.calls import dues_call_lock, payment_add
from debits.models import (
    DEBIT_WORKFLOW,
    BatchStatus,
    DebitBatch,
    DebitPlan,
    DebitStatus,
    Mandate,
    MandateStatus,
    MandateType,
    PlanStatus,
    ScheduledDebit,
    Sequence,
)
from debits.pain008 import Creditor, DebitRow, pain008_build, pain008_validate
from debits.services.plans import plan_stop

PROVIDER = "sepa_file"
_SENT = (DebitStatus.BATCHED, DebitStatus.COLLECTED)


def creditor() -> Creditor:
    return Creditor(
        name=settings.SEPA_CREDITOR_NAME,
        creditor_id=settings.SEPA_CREDITOR_ID,
        iban=settings.SEPA_CREDITOR_IBAN,
        bic=settings.SEPA_CREDITOR_BIC,
    )


def _sequence(debit: ScheduledDebit, used: set[int]) -> str:
    """FRST for a mandate's first debit (again after a FRST came back), RCUR after it; FNAL
    for the last debit of a plan that will not be renewed; OOFF for a one-off mandate."""
    mandate = debit.mandate
    if mandate.type == MandateType.ONE_OFF:
        return Sequence.ONE_OFF
    sent_before = (
        mandate.pk in used
        or ScheduledDebit.objects.filter(mandate=mandate, status__in=_SENT)
        .exclude(pk=debit.pk)
        .exists()
    )
    if not sent_before:
        return Sequence.FIRST
    is_last = (
        not debit.plan.debits.filter(number__gt=debit.number)
        .exclude(status=DebitStatus.CANCELLED)
        .exists()
    )
    if is_last and not debit.plan.renew:
        return Sequence.FINAL
    return Sequence.RECURRING


def description(debit: ScheduledDebit) -> str:
    plan = debit.plan
    count = plan.debits.count()
    year = plan.call.campaign.year
    if count == 1:
        return f"Cotisation ordinale {year}"
    return f"Cotisation ordinale {year} echeance {debit.number} sur {count}"


def _row(debit: ScheduledDebit, collection_date: date) -> DebitRow:
    mandate: Mandate = debit.mandate
    return DebitRow(
        end_to_end_id=debit.end_to_end_id,
        amount_cents=debit.amount_cents,
        sequence=debit.sequence,
        collection_date=collection_date,
        mandate_reference=mandate.reference,
        mandate_date=timezone.localtime(mandate.accepted_at).date(),
        debtor_name=mandate.debtor_name,
        debtor_iban=mandate.iban,
        debtor_bic=mandate.bic,
        description=description(debit),
    )


def _skip(debit: ScheduledDebit, reason: str) -> None:
    DEBIT_WORKFLOW.move(debit, DebitStatus.CANCELLED)
    debit.cancel_reason = reason
    debit.save(update_fields=["status", "cancel_reason"])


def debit_prepare(
    *, debit: ScheduledDebit, call: DuesCall, in_flight: dict[int, int], used: set[int]
) -> bool:
    """Whether `debit` may go to the bank now, with its amount and sequence set (not saved).
    The caller holds the call's lock. A revoked or lapsed mandate stops the plan; a call with
    nothing left to pay cancels the debit."""
    if debit.mandate.status != MandateStatus.ACTIVE:
        # Revoked (or lapsed) after the notice: nothing may be taken under it any more.
        plan_stop(plan=debit.plan, status=PlanStatus.SUSPENDED, reason="Mandat révoqué")
        return False
    left = call.balance_cents - in_flight.get(call.pk, 0)
    if call.status not in (CallStatus.OPEN, CallStatus.PARTIALLY_PAID) or left <= 0:
        _skip(debit, "Plus rien à régler")
        return False
    # A cheque paid part of it meanwhile: never ask more than what is owed.
    debit.amount_cents = min(debit.amount_cents, left)
    debit.sequence = _sequence(debit, used)
    used.add(debit.mandate_id)
    in_flight[call.pk] = in_flight.get(call.pk, 0) + debit.amount_cents
    return True


def in_flight_amounts(call_ids: list[int]) -> dict[int, int]:
    rows = (
        ScheduledDebit.objects.filter(plan__call_id__in=call_ids, status=DebitStatus.BATCHED)
        .values("plan__call_id")
        .annotate(total=Sum("amount_cents"))
    )
    return {row["plan__call_id"]: row["total"] or 0 for row in rows}


@transaction.atomic
def batch_generate(*, collection_date: date, actor: User | None) -> DebitBatch | None:
    """One pain.008 file with every debit of the sepa_file provider due by `collection_date`
    and not sent yet (a date missed is caught up). Generating again for the same date adds
    only debits that were not in a file yet: with none, the existing batch comes back."""
    today = timezone.localdate()
    if collection_date < today:
        raise ValidationError(
            {"collection_date": "La date de prélèvement ne peut pas être passée."}
        )
    due = ScheduledDebit.objects.filter(
        status=DebitStatus.SCHEDULED,
        due_on__lte=collection_date,
        plan__status=PlanStatus.ACTIVE,
        mandate__provider=PROVIDER,
    )
    call_ids = sorted(set(due.values_list("plan__call_id", flat=True)))
    # The calls first, in a fixed order, as payments and returns lock them: no deadlock.
    calls = {
        call.pk: call
        for call in DuesCall.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")
    }
    debits = list(
        due.select_for_update()
        .filter(plan__call_id__in=call_ids)
        .select_related("plan__call__campaign", "mandate")
        .order_by("plan__call_id", "number")
    )
    in_flight = in_flight_amounts(call_ids)
    stopped: set[int] = set()
    taken: list[ScheduledDebit] = []
    used_mandates: set[int] = set()
    for debit in debits:
        if debit.plan_id in stopped:
            continue
        if debit_prepare(
            debit=debit, call=calls[debit.plan.call_id], in_flight=in_flight, used=used_mandates
        ):
            taken.append(debit)
        elif debit.mandate.status != MandateStatus.ACTIVE:
            stopped.add(debit.plan_id)  # the plan stopped: its later debits stay out
    if not taken:
        return DebitBatch.objects.filter(collection_date=collection_date).first()
    number = DebitBatch.objects.filter(collection_date=collection_date).count() + 1
    message_id = f"CNOM-{collection_date:%Y%m%d}-{number:02d}"
    document = pain008_build(
        (_row(debit, collection_date) for debit in taken),
        creditor=creditor(),
        message_id=message_id,
        created_at=timezone.localtime(),
    )
    pain008_validate(document)
    batch = DebitBatch.objects.create(
        collection_date=collection_date,
        message_id=message_id,
        xml=document,
        transaction_count=len(taken),
        total_cents=sum(debit.amount_cents for debit in taken),
        created_by=actor,
    )
    for debit in taken:
        DEBIT_WORKFLOW.move(debit, DebitStatus.BATCHED)
        debit.batch = batch
    ScheduledDebit.objects.bulk_update(taken, ["status", "batch", "sequence", "amount_cents"])
    return batch


@transaction.atomic
def batch_submit(*, batch_id: int) -> DebitBatch:
    """Staff uploaded the file to the bank: its debits count as paid on the collection date."""
    batch = DebitBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status == BatchStatus.GENERATED:
        batch.status = BatchStatus.SUBMITTED
        batch.submitted_at = timezone.now()
        batch.save(update_fields=["status", "submitted_at"])
    return batch


def debits_settle(*, today: date) -> int:
    """Debits of submitted batches whose collection date has come are recorded as paid (the
    bank credits the council that day); a later return marks the payment RETURNED."""
    ids = list(
        ScheduledDebit.objects.filter(
            status=DebitStatus.BATCHED,
            batch__status=BatchStatus.SUBMITTED,
            batch__collection_date__lte=today,
        ).values_list("pk", flat=True)
    )
    return sum(debit_settle(debit_id=debit_id) for debit_id in ids)


@transaction.atomic
def debit_settle(*, debit_id: int, on: date | None = None) -> bool:
    call_id = ScheduledDebit.objects.values_list("plan__call_id", flat=True).get(pk=debit_id)
    call = dues_call_lock(call_id=call_id)
    debit = (
        # Only the debit's row: its batch is a nullable join, which FOR UPDATE cannot lock.
        ScheduledDebit.objects.select_for_update(of=("self",))
        .select_related("batch", "plan", "mandate")
        .get(pk=debit_id)
    )
    if debit.status != DebitStatus.BATCHED:
        return False  # settled by another run, or returned first
    # A batch's debit is paid on its collection date; another provider's when it says so.
    collected_on = debit.batch.collection_date if debit.batch else (on or timezone.localdate())
    payment = payment_add(
        call=call,
        amount_cents=debit.amount_cents,
        method=PaymentMethod.SEPA_DEBIT,
        received_on=collected_on,
        provider=debit.mandate.provider,
        provider_reference=debit.provider_reference or debit.end_to_end_id,
    )
    DEBIT_WORKFLOW.move(debit, DebitStatus.COLLECTED)
    debit.payment = payment
    debit.save(update_fields=["status", "payment"])
    Mandate.objects.filter(pk=debit.mandate_id).update(last_collected_on=collected_on)
    plan: DebitPlan = debit.plan
    if (
        plan.status == PlanStatus.ACTIVE
        and not plan.debits.filter(status__in=(DebitStatus.SCHEDULED, DebitStatus.BATCHED)).exists()
    ):
        plan.status = PlanStatus.COMPLETED
        plan.ended_at = timezone.now()
        plan.save(update_fields=["status", "ended_at"])
    return True
