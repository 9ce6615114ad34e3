"""A direct debit that failed, whoever collected it: the payment (if it had settled) is marked
returned, the call reopened through the call services, and the doctor told by email.

The shared contract of D1 (docs/dues.md): `debit_failed` is the one entry point; the `sepa_file`
returns (pain.002, staff-entered R-codes) and Stripe's failed or returned debits both call it.
"""

import logging
import secrets

from django.db import transaction
from django.urls import reverse

from cotisations.documents import public_url
from cotisations.models import DuesCall, Payment, PaymentStatus
from cotisations.services.calls import dues_call_lock, dues_call_recompute
from cotisations.services.emails import recipient
from portal.emails import email_send
from portal.money import euros
from portal.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

DEBIT_FAILED_REASON = (
    "Vous recevez ce message parce qu’un prélèvement SEPA de votre cotisation ordinale n’a pas "
    "abouti."
)
# A payment in these states was counted (or kept aside): a return takes it out.
_RETURNABLE = (PaymentStatus.SUCCEEDED, PaymentStatus.REFUND_DUE)


@transaction.atomic
def debit_failed(
    *, payment_id: int | None, call_id: int, reason_code: str, reason_label: str
) -> None:
    """A debit came back or never settled. `payment_id` is the payment recorded when it
    settled (None when it failed before). A payment already returned changes nothing and
    emails no one, so a return reported twice is harmless."""
    call = dues_call_lock(call_id=call_id)
    if payment_id is not None:
        payment = Payment.objects.select_for_update().get(pk=payment_id, call=call)
        if payment.status not in _RETURNABLE:
            return
        payment.status = PaymentStatus.RETURNED
        payment.refund_reason = f"{reason_code} {reason_label}".strip()[:255]
        payment.save(update_fields=["status", "refund_reason"])
        dues_call_recompute(call=call, reason=f"Prélèvement rejeté\u00a0: {reason_label}")
    logger.info("debit failed call=%s payment=%s code=%s", call_id, payment_id, reason_code)
    # The key is drawn once: a retried task resends the same Message-ID (mail systems drop
    # the copy), two failed debits of one call are two messages.
    notice = f"{payment_id}" if payment_id is not None else secrets.token_hex(8)
    enqueue_on_commit("cotisations.tasks.send_debit_failed", call.pk, notice, reason_label)


def debit_failed_email_send(*, call_id: int, notice: str, reason_label: str) -> bool:
    """Tell the doctor the debit failed and what is left to pay; whether it went out."""
    call = DuesCall.objects.select_related("campaign", "doctor", "doctor__account").get(pk=call_id)
    to = recipient(call)
    if not to:
        return False
    email_send(
        to=to,
        template="cotisations/email/debit_failed",
        reason=DEBIT_FAILED_REASON,
        context={
            "greeting_name": f"Docteur {call.doctor.last_name}",
            "year": call.campaign.year,
            "reason_label": reason_label,
            "balance": euros(call.balance_cents),
            "space_url": public_url(reverse("cotisations:space")),
        },
        # One message per failed debit: a resend carries the same id, and mail systems drop it.
        headers={"Message-ID": f"<debit-failed-{call_id}-{notice}@ordre.test>"},
        subject_prefix="",
    )
    return True
