"""The register's emails: each step of an application (to the publisher), the acknowledgement
of a doctor's report, the renewal reminder. Each is sent once, in the transaction that marks
it sent (a failed SMTP call rolls the mark back and the task retries)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from appregister.models import ApplicationEvent, ApplicationStatus, Label, ProblemReport
from portal.emails import email_send
from portal.french_format import french_date

S = ApplicationStatus

REASON = (
    "Vous recevez ce message parce que vous avez déposé une demande de label pour une "
    "application de santé ou un objet connecté sur le portail de l’Ordre des médecins."
)
REPORT_REASON = (
    "Vous recevez ce message parce que vous avez signalé un problème concernant une "
    "application du registre des applications de santé de l’Ordre des médecins."
)
SUBJECTS: dict[str, str] = {
    S.SUBMITTED: "Votre demande de label a bien été reçue",
    S.ASSIGNED: "Votre demande de label est en cours d’évaluation",
    S.ASSESSED: "L’évaluation de votre demande de label est terminée",
    S.INFO_REQUESTED: "Votre demande de label\u00a0: des compléments sont demandés",
    S.GRANTED: "Le label est attribué à votre application",
    S.REFUSED: "Votre demande de label n’a pas été acceptée",
    S.SUSPENDED: "Le label de votre application est suspendu",
    S.WITHDRAWN: "Le label de votre application est retiré",
}


def _application_url(application_id: int) -> str:
    return settings.SITE_URL + reverse("appregister:application", args=[application_id])


def event_email_send(*, event_id: int) -> bool:
    """Email the publisher about one step of its application; safe to run twice."""
    with transaction.atomic():
        event = (
            ApplicationEvent.objects.select_for_update(of=("self",))
            .select_related("application__publisher__user", "application__body")
            .filter(pk=event_id, email_sent_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        application = event.application
        if not application.publisher.user.is_active:
            # A closed account (« Fermer mon compte »): nobody to tell, and after its purge
            # the address is a placeholder. The step stays in the file, unmailed.
            return False
        label = Label.objects.filter(application=application).first()
        reinstated = event.from_status == S.SUSPENDED and event.to_status == S.GRANTED
        subject = (
            "Le label de votre application est rétabli" if reinstated else SUBJECTS[event.to_status]
        )
        email_send(
            to=application.publisher.user.email,
            template="appregister/email/step",
            reason=REASON,
            context={
                "subject": subject,
                "step": event.to_status,
                "reinstated": reinstated,
                "application": application,
                "message": event.message,
                "label": label,
                "valid_until": french_date(label.valid_until) if label else "",
                "greeting_name": application.publisher.contact_name,
                "application_url": _application_url(application.pk),
                "register_url": settings.SITE_URL
                + (reverse("appregister:entry", args=[application.pk]) if label else ""),
            },
        )
        event.email_sent_at = timezone.now()
        event.save(update_fields=["email_sent_at"])
    return True


def problem_acknowledgement_send(*, report_id: int) -> bool:
    """Acknowledge a doctor's report; safe to run twice."""
    with transaction.atomic():
        report = (
            ProblemReport.objects.select_for_update(of=("self",))
            .select_related("reporter__doctor", "application")
            .filter(pk=report_id, acknowledged_at__isnull=True)
            .first()
        )
        if report is None:
            return False
        doctor = report.reporter.doctor
        email_send(
            to=report.reporter.email,
            template="appregister/email/problem_received",
            reason=REPORT_REASON,
            context={
                "report": report,
                "app_name": report.application.name,
                "greeting_name": f"Docteur {doctor.last_name}" if doctor else "",
            },
        )
        report.acknowledged_at = timezone.now()
        report.save(update_fields=["acknowledged_at"])
    return True


def renewal_email_send(*, label: Label, today: datetime.date) -> None:
    """The reminder itself (the caller records it in the same transaction)."""
    application = label.application
    email_send(
        to=application.publisher.user.email,
        template="appregister/email/renewal",
        reason=REASON,
        context={
            "application": application,
            "label": label,
            "valid_until": french_date(label.valid_until),
            "days_left": (label.valid_until - today).days,
            "greeting_name": application.publisher.contact_name,
            "space_url": settings.SITE_URL + reverse("appregister:publisher_home"),
        },
    )
