"""The email a doctor receives at each step of a change request: received, accepted, refused."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import email_send
from roll.models import ChangeRequestEvent, ChangeStep

TEMPLATES = {
    ChangeStep.RECEIVED: "roll/email/change_request_received",
    ChangeStep.APPROVED: "roll/email/change_request_approved",
    ChangeStep.REFUSED: "roll/email/change_request_refused",
}

REASON = (
    "Vous recevez ce message parce que vous avez signalé, depuis votre espace, une "
    "modification de votre inscription au tableau de l’Ordre des médecins."
)


def change_request_email_send(*, event_id: int) -> bool:
    """Email the doctor about one step of their request; safe to run twice (sent once).

    Sent inside the transaction that marks it sent: if the SMTP call fails, the mark is rolled
    back and the task's retry sends it again.
    """
    with transaction.atomic():
        event = (
            ChangeRequestEvent.objects.select_for_update(of=("self",))
            .select_related("request__doctor", "request__user", "request__council")
            .filter(pk=event_id, email_sent_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        request = event.request
        email_send(
            to=request.user.email,
            template=TEMPLATES[ChangeStep(event.step)],
            reason=REASON,
            context={
                "greeting_name": request.doctor.display_name,
                "change_request": request,
                "rows": request.change_rows(),
                "council": request.council,
                "detail_url": settings.SITE_URL
                + reverse("roll:change_request_detail", args=[request.pk]),
            },
        )
        event.email_sent_at = timezone.now()
        event.save(update_fields=["email_sent_at"])
    return True
