"""The email a doctor receives at each step of an exemption request: received, decided,
withdrawn. One template (`exemptions/email/step`) says each step in its own words."""

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from cotisations.documents import public_url
from cotisations.models import PaymentStatus
from cotisations.services.emails import recipient
from exemptions.models import ExemptionEvent
from portal.emails import email_send
from portal.french_format import french_date
from portal.money import euros

REASON = (
    "Vous recevez ce message parce que vous avez demandé, depuis votre espace, une "
    "exonération de votre cotisation ordinale."
)


def exemption_email_send(*, event_id: int) -> bool:
    """Email the doctor about one step of their request; safe to run twice (sent once).

    Sent inside the transaction that marks it sent: if the SMTP call fails, the mark is rolled
    back and the task's retry sends it again.
    """
    with transaction.atomic():
        event = (
            ExemptionEvent.objects.select_for_update(of=("self",))
            .select_related(
                "request__call__campaign",
                "request__call__doctor__account",
                "request__council",
            )
            .filter(pk=event_id, email_sent_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        request = event.request
        call = request.call
        to = recipient(call)
        if to:
            refund_due = call.payments.filter(status=PaymentStatus.REFUND_DUE).aggregate(
                s=Sum("amount_cents")
            )["s"]
            email_send(
                to=to,
                template="exemptions/email/step",
                reason=REASON,
                subject_prefix="",
                context={
                    "step": event.step,
                    "request": request,
                    "greeting_name": f"Docteur {call.doctor.last_name}",
                    "council": request.council,
                    "year": call.campaign.year,
                    "deadline": french_date(call.campaign.deadline),
                    "kind": request.get_kind_display().lower(),
                    "reason_label": request.get_reason_display().lower(),
                    "amount": euros(call.amount_cents),
                    "balance": euros(call.balance_cents),
                    "balance_cents": call.balance_cents,
                    "refund_due": euros(refund_due) if refund_due else "",
                    "detail_url": public_url(reverse("exemptions:detail", args=[request.pk])),
                },
            )
        event.email_sent_at = timezone.now()
        event.save(update_fields=["email_sent_at"])
    return True
