"""What happens when a direct debit fails, whoever collected it (the council's bank or Stripe).

The money of a debit that settled is marked RETURNED (never counted in the balance), which
reopens the call through the call services; a debit that never settled records nothing.
Either way the doctor is told by email, once the transaction commits.
"""

from django.db import transaction

from cotisations.models import Payment, PaymentStatus
from cotisations.services.calls import dues_call_lock, dues_call_recompute
from portal.queueing import enqueue_on_commit

# A returned payment no longer counts; one already returned (a replay) is left alone.
_COUNTED = (PaymentStatus.SUCCEEDED, PaymentStatus.REFUND_DUE)


@transaction.atomic
def debit_failed(
    *, payment_id: int | None, call_id: int, reason_code: str, reason_label: str
) -> None:
    """A debit of `call_id` came back (`reason_code`, an R-transaction's ISO code)."""
    call = dues_call_lock(call_id=call_id)
    if payment_id is not None:
        payment = Payment.objects.select_for_update().get(pk=payment_id, call=call)
        if payment.status == PaymentStatus.RETURNED:
            return
        if payment.status in _COUNTED:
            payment.status = PaymentStatus.RETURNED
            payment.save(update_fields=["status"])
            dues_call_recompute(call=call, reason=f"Prélèvement rejeté ({reason_code})")
    enqueue_on_commit("cotisations.tasks.send_debit_failed", call.pk, reason_code, reason_label)
