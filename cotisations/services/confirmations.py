"""The payment confirmation: one email per successful payment, with its receipt attached.

`payment_add` queues it after commit for every payment counted as received (card, instalment,
cheque, transfer); the task may run twice (retry, redelivery) and the email still goes once:
`confirmation_sent_at` is set in the transaction that sends it, so a failed send rolls the mark
back and the retry sends again.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cotisations.documents import public_url, receipt_filename, receipt_pdf
from cotisations.models import InstalmentPlan, InstalmentStatus, Payment, PaymentStatus
from cotisations.services.emails import recipient
from portal.emails import email_send
from portal.money import euros

logger = logging.getLogger(__name__)

CONFIRMATION_REASON = (
    "Vous recevez ce message parce qu’un règlement de votre cotisation ordinale a été "
    "enregistré par l’Ordre des médecins."
)


def _remaining_instalments(payment: Payment) -> list[dict[str, object]]:
    plan = InstalmentPlan.objects.filter(call_id=payment.call_id).first()
    if plan is None:
        return []
    pending = plan.instalments.filter(
        status__in=(InstalmentStatus.SCHEDULED, InstalmentStatus.PROCESSING)
    ).order_by("number")
    return [
        {"number": i.number, "amount": euros(i.amount_cents), "due_on": i.due_on} for i in pending
    ]


def payment_confirmation_send(*, payment_id: int) -> bool:
    """Email the doctor that `payment_id` was received; returns whether it went out now."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related(
                "call__campaign",
                "call__company",
                "call__doctor",
                "call__doctor__account",
                "receipt",
            )
            .filter(
                pk=payment_id,
                status=PaymentStatus.SUCCEEDED,
                confirmation_sent_at__isnull=True,
            )
            .first()
        )
        if payment is None:
            return False
        call = payment.call
        to = recipient(call)
        if not to:
            logger.info("payment confirmation payment=%s skipped=no_email", payment_id)
            return False
        email_send(
            to=to,
            template="cotisations/email/payment_confirmation",
            reason=CONFIRMATION_REASON,
            context={
                "payment": payment,
                "greeting_name": f"Docteur {call.doctor.last_name}",
                "year": call.campaign.year,
                "amount": euros(payment.amount_cents),
                "method": payment.get_method_display(),
                "received_on": payment.received_on,
                "balance": euros(call.balance_cents),
                "is_paid": call.balance_cents <= 0,
                "instalments": _remaining_instalments(payment),
                "receipt_url": public_url(reverse("cotisations:receipt", args=[payment.pk])),
                "space_url": public_url(reverse("cotisations:space")),
            },
            attachments=[
                (
                    receipt_filename(payment),
                    receipt_pdf(payment=payment),
                    "application/pdf",
                )
            ],
        )
        payment.confirmation_sent_at = timezone.now()
        payment.save(update_fields=["confirmation_sent_at"])
    logger.info("payment confirmation payment=%s sent", payment_id)
    return True
