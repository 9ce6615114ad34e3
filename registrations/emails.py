"""The email an applicant receives at each change of their request's status."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from registrations.models import StatusChange

SUBJECTS = {
    "submitted": "Votre demande de première inscription a bien été reçue",
    "documents_requested": "Votre demande de première inscription : un document est demandé",
    "approved": "Votre demande de première inscription est acceptée",
    "rejected": "Votre demande de première inscription n'a pas été acceptée",
}


def status_email_send(*, change_id: int) -> bool:
    """Email the applicant about one status change; safe to run twice (sent once).

    Sent inside the transaction that marks it sent: if the SMTP call fails, the mark is rolled
    back and the task's retry sends it again.
    """
    with transaction.atomic():
        change = (
            StatusChange.objects.select_for_update(of=("self",))
            .select_related("request__user", "request__specialty")
            .filter(pk=change_id, email_sent_at__isnull=True)
            .first()
        )
        if change is None or change.to_status not in SUBJECTS:
            return False
        registration = change.request
        context = {
            "registration": registration,
            "change": change,
            "status_url": settings.REGISTRATIONS_SITE_URL.rstrip("/")
            + reverse("registrations:status"),
            "claim_url": settings.REGISTRATIONS_SITE_URL.rstrip("/") + reverse("claim_start"),
        }
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + SUBJECTS[change.to_status],
            message=render_to_string("registrations/email/status.txt", context),
            from_email=None,
            recipient_list=[registration.user.email],
        )
        change.email_sent_at = timezone.now()
        change.save(update_fields=["email_sent_at"])
    return True
