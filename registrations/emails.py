"""The email an applicant receives at each change of their request's status."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import email_send
from registrations.models import RegistrationStatus, StatusChange

REASON = (
    "Vous recevez ce message parce que vous avez déposé une demande de première inscription "
    "au tableau de l’Ordre des médecins sur le portail."
)
SUBJECTS: dict[str, str] = {
    RegistrationStatus.SUBMITTED: "Votre demande de première inscription a bien été reçue",
    RegistrationStatus.DOCUMENTS_REQUESTED: (
        "Votre demande de première inscription\u00a0: un document est demandé"
    ),
    RegistrationStatus.APPROVED: "Votre demande de première inscription est acceptée",
    RegistrationStatus.REJECTED: "Votre demande de première inscription n’a pas été acceptée",
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
            "status_url": settings.SITE_URL + reverse("registrations:status"),
            "claim_url": settings.SITE_URL + reverse("claim_start"),
        }
        email_send(
            to=registration.user.email,
            template="registrations/email/status",
            reason=REASON,
            context={
                **context,
                "subject": SUBJECTS[change.to_status],
                "greeting_name": f"{registration.first_name} {registration.last_name}",
            },
        )
        change.email_sent_at = timezone.now()
        change.save(update_fields=["email_sent_at"])
    return True
