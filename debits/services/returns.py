"""Returns (R-transactions): from the bank's pain.002, or entered by staff; each debit once.

A returned debit: its payment (if it had been recorded) is marked RETURNED and the call
reopened by cotisations.services.debit_outcomes, the doctor is emailed, and the plan stops
(its later debits are not presented: the doctor pays the balance by another means or sets
up a new plan). A code that ends the mandate (closed account, no mandate, deceased…) also
revokes it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from cotisations.services.calls import dues_call_lock
from cotisations.services.debit_outcomes import debit_failed
from debits.models import (
    DEBIT_WORKFLOW,
    DebitBatch,
    DebitReturn,
    DebitStatus,
    PlanStatus,
    ReturnSource,
    ScheduledDebit,
)
from debits.pain002 import REJECTED, StatusLine, pain002_parse
from debits.rcodes import MANDATE_ENDING_CODES, REASON_LABELS, reason_label
from debits.services.mandates import mandate_revoke
from debits.services.plans import plan_stop


@transaction.atomic
def debit_return_record(
    *,
    debit_id: int,
    reason_code: str,
    source: str,
    source_reference: str = "",
    actor: User | None = None,
) -> tuple[DebitReturn, bool]:
    """Record that the bank rejected or returned `debit_id`; (the return, whether it is new).
    A second report of the same debit (a file imported twice) changes nothing."""
    reason_code = reason_code.strip().upper()
    if not reason_code:
        raise ValidationError({"reason_code": "Choisissez le code motif du rejet."})
    if source == ReturnSource.STAFF and reason_code not in REASON_LABELS:
        raise ValidationError({"reason_code": "Ce code motif n’existe pas."})
    call_id = ScheduledDebit.objects.values_list("plan__call_id", flat=True).get(pk=debit_id)
    dues_call_lock(call_id=call_id)
    debit = (
        ScheduledDebit.objects.select_for_update()
        .select_related("plan", "mandate")
        .get(pk=debit_id)
    )
    existing = DebitReturn.objects.filter(debit=debit).first()
    if existing is not None:
        return existing, False
    if debit.status not in (DebitStatus.BATCHED, DebitStatus.COLLECTED):
        raise ValidationError(
            "Ce prélèvement n’a pas été transmis à la banque : il ne peut pas être rejeté."
        )
    DEBIT_WORKFLOW.move(debit, DebitStatus.REJECTED)
    debit.save(update_fields=["status"])
    label = reason_label(reason_code)
    record = DebitReturn.objects.create(
        debit=debit,
        reason_code=reason_code,
        reason_label=label,
        source=source,
        source_reference=source_reference,
        recorded_by=actor,
    )
    if debit.plan.status == PlanStatus.ACTIVE:
        plan_stop(plan=debit.plan, status=PlanStatus.SUSPENDED, reason=f"Rejet {reason_code}")
    if reason_code in MANDATE_ENDING_CODES:
        mandate_revoke(mandate=debit.mandate)
    debit_failed(
        payment_id=debit.payment_id, call_id=call_id, reason_code=reason_code, reason_label=label
    )
    return record, True


@dataclass
class ImportResult:
    report_id: str
    batch: DebitBatch | None
    recorded: int = 0
    already_known: int = 0
    accepted: int = 0
    unknown: list[str] = field(default_factory=list)


def pain002_import(*, data: bytes, actor: User | None) -> ImportResult:
    """Apply a status report: every rejected transaction of ours gets its return, once."""
    report = pain002_parse(data)
    batch = DebitBatch.objects.filter(message_id=report.original_message_id).first()
    if batch is None:
        raise ValidationError(
            {
                "file": (
                    f"Ce rapport concerne le lot « {report.original_message_id} », inconnu du "
                    "portail. Vérifiez que c’est bien le retour d’un lot généré ici."
                )
            }
        )
    result = ImportResult(report_id=report.message_id, batch=batch)
    lines = report.lines
    if report.group_status in REJECTED and not lines:
        # The whole file was refused: every debit of the batch comes back with the group code.
        ids = batch.debits.values_list("end_to_end_id", flat=True)
        code = report.group_reason or "FF01"
        lines = [StatusLine(end_to_end_id=e2e, status="RJCT", reason_code=code) for e2e in ids]
    debits = {d.end_to_end_id: d.pk for d in batch.debits.all()}
    for line in lines:
        if line.status not in REJECTED:
            result.accepted += 1
            continue
        debit_id = debits.get(line.end_to_end_id)
        if debit_id is None:
            result.unknown.append(line.end_to_end_id)
            continue
        _, new = debit_return_record(
            debit_id=debit_id,
            reason_code=line.reason_code or "MS03",
            source=ReturnSource.PAIN002,
            source_reference=report.message_id[:35],
            actor=actor,
        )
        if new:
            result.recorded += 1
        else:
            result.already_known += 1
    return result
