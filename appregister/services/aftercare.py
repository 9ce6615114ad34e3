"""Life after the label: material changes the publisher declares, doctors' reports of a
problem, renewal reminders before the label expires."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from appregister.models import (
    ApplicationStatus,
    Label,
    MaterialChange,
    ProblemReport,
    RenewalReminder,
)
from appregister.services.transitions import application_lock
from portal.queueing import enqueue_on_commit

S = ApplicationStatus
logger = logging.getLogger(__name__)


@transaction.atomic
def material_change_declare(
    *,
    application_id: int,
    user: User,
    kind: str,
    description: str,
    effective_on: datetime.date,
    new_version: str = "",
) -> MaterialChange:
    """A publisher's declaration on its own labelled (or suspended) app, for staff to review."""
    application = application_lock(application_id=application_id)
    if application.publisher.user_id != user.pk:
        raise PermissionDenied
    if application.status not in (S.GRANTED, S.SUSPENDED):
        raise ValidationError("Seule une application labellisée fait l’objet de déclarations.")
    change = MaterialChange(
        application=application,
        kind=kind,
        description=(description or "").strip(),
        effective_on=effective_on,
        new_version=(new_version or "").strip(),
        declared_by=user,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def problem_report_create(*, application_id: int, reporter: User, message: str) -> ProblemReport:
    """A doctor reports a problem with a listed app: kept for staff, acknowledged by email."""
    if reporter.doctor_id is None:
        raise PermissionDenied("Seuls les médecins inscrits au tableau peuvent signaler.")
    application = application_lock(application_id=application_id)
    if not hasattr(application, "label"):
        raise ValidationError("Cette application n’est pas dans le registre.")
    report = ProblemReport(
        application=application, reporter=reporter, message=(message or "").strip()
    )
    report.full_clean()
    report.save()
    enqueue_on_commit("appregister.tasks.send_problem_acknowledgement", report.pk)
    return report


def renewal_due_labels(*, today: datetime.date, days_before: int) -> list[Label]:
    """Labels in force that expire within `days_before` days and were not reminded for it."""
    return list(
        Label.objects.filter(
            application__status=S.GRANTED,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days_before),
            # A closed account's publisher is not reminded (docs/account-closure.md).
            application__publisher__user__is_active=True,
        )
        .exclude(reminders__days_before=days_before)
        .select_related("application__publisher__user")
    )


def renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email each publisher whose label nears its expiry, once per threshold (90 and 30 days
    by default): the reminder row and the email share one transaction, so a failed send is
    retried next run and a re-run never sends twice."""
    from appregister.emails import renewal_email_send

    today = today or timezone.localdate()
    sent = 0
    # The nearest threshold first, marking the wider ones it passed as done: a label first
    # seen 20 days before its end gets one reminder, not one per threshold.
    for days in sorted(settings.APPREGISTER_REMINDER_DAYS):
        for label in renewal_due_labels(today=today, days_before=days):
            try:
                with transaction.atomic():
                    RenewalReminder.objects.create(label=label, days_before=days)
                    for wider in settings.APPREGISTER_REMINDER_DAYS:
                        if wider > days:
                            RenewalReminder.objects.get_or_create(label=label, days_before=wider)
                    renewal_email_send(label=label, today=today)
            except IntegrityError:  # another run sent it meanwhile
                continue
            sent += 1
    logger.info("appregister renewal reminders sent: %s", sent)
    return sent
