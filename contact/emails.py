"""The two emails of a request: its acknowledgement and each staff answer."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage, Direction
from portal.emails import email_send

REASON = (
    "Vous recevez ce message parce que vous avez écrit à l’Ordre des médecins par le "
    "formulaire de contact du portail."
)


def contact_message_email_send(*, message_id: int) -> bool:
    """Email one exchange to the person; safe to run twice (sent once).

    Sent inside the transaction that marks it sent: if the SMTP call fails, the mark is rolled
    back and the task's retry sends it again.
    """
    with transaction.atomic():
        message = (
            ContactMessage.objects.select_for_update(of=("self",))
            .select_related("request__council")
            .filter(pk=message_id, emailed_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        request = message.request
        inbound = message.direction == Direction.IN
        email_send(
            to=request.email,
            template="contact/email/acknowledgement" if inbound else "contact/email/answer",
            reason=REASON,
            context={
                "greeting_name": request.name,
                "request": request,
                "message": message,
                "council": request.council,
                "contact_url": settings.SITE_URL + reverse("contact:form"),
            },
            reply_to=[request.council.email] if request.council and request.council.email else None,
        )
        message.emailed_at = timezone.now()
        message.save(update_fields=["emailed_at"])
    return True
