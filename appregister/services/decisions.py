"""The council's decisions, taken in admin: grant (a numbered label, valid for
APPREGISTER_LABEL_YEARS), refuse with reasons, ask for more; then suspend, reinstate or
withdraw a label. Label numbers are gap-free per year, like receipts
(`cotisations.services.receipts`): the year's counter row is locked in the decision's own
transaction, so a rolled-back decision gives its number back."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appregister.models import (
    APPLICATION_WORKFLOW,
    ApplicationStatus,
    Label,
    LabelCounter,
    label_number,
)
from appregister.services.transitions import application_lock, application_move, staff_only

S = ApplicationStatus


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def label_issue(*, application_id: int, today: datetime.date) -> Label:
    """The next number of `today`'s year (the caller holds the application's lock)."""
    year = today.year
    LabelCounter.objects.bulk_create([LabelCounter(year=year)], ignore_conflicts=True)
    counter = LabelCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    label = Label(
        application_id=application_id,
        year=year,
        sequence=counter.last_number,
        valid_from=today,
        valid_until=years_later(today, settings.APPREGISTER_LABEL_YEARS) - datetime.timedelta(1),
    )
    label.number = label_number(year, label.sequence)
    label.full_clean()
    label.save()
    return label


@transaction.atomic
def application_grant(
    *, application_id: int, staff: User, note: str = "", today: datetime.date | None = None
) -> Label:
    staff_only(staff)
    locked = application_lock(application_id=application_id)
    today = today or timezone.localdate()
    # Checked before a number is drawn; application_move checks again under the same lock.
    APPLICATION_WORKFLOW.check(locked.status, S.GRANTED)
    if hasattr(locked, "label"):
        raise ValidationError("Cette demande a déjà un label.")
    label = label_issue(application_id=locked.pk, today=today)
    application_move(
        application=locked,
        to=S.GRANTED,
        actor=staff,
        message=note.strip() or f"Label {label.number} attribué.",
        changes={"decided_at": timezone.now()},
    )
    return label


@transaction.atomic
def application_refuse(*, application_id: int, staff: User, reason: str) -> None:
    staff_only(staff)
    reason = _required(reason, "reason", "Indiquez les motifs du refus\u00a0: l’éditeur les lit.")
    locked = application_lock(application_id=application_id)
    application_move(
        application=locked,
        to=S.REFUSED,
        actor=staff,
        message=reason,
        changes={"refusal_reason": reason, "decided_at": timezone.now()},
    )


@transaction.atomic
def application_request_info(*, application_id: int, staff: User, message: str) -> None:
    staff_only(staff)
    message = _required(message, "message", "Indiquez les compléments que vous demandez.")
    locked = application_lock(application_id=application_id)
    application_move(
        application=locked,
        to=S.INFO_REQUESTED,
        actor=staff,
        message=message,
        changes={"council_message": message},
    )


@transaction.atomic
def label_suspend(*, application_id: int, staff: User, reason: str) -> None:
    staff_only(staff)
    reason = _required(reason, "reason", "Indiquez le motif de la suspension.")
    locked = application_lock(application_id=application_id)
    application_move(application=locked, to=S.SUSPENDED, actor=staff, message=reason)
    Label.objects.filter(application=locked).update(
        suspended_at=timezone.now(), suspension_reason=reason
    )


@transaction.atomic
def label_reinstate(*, application_id: int, staff: User, note: str) -> None:
    staff_only(staff)
    note = _required(note, "reason", "Indiquez pourquoi la suspension est levée.")
    locked = application_lock(application_id=application_id)
    if locked.status != S.SUSPENDED:
        raise APPLICATION_WORKFLOW.refusal(locked.status, S.GRANTED)
    application_move(application=locked, to=S.GRANTED, actor=staff, message=note)
    Label.objects.filter(application=locked).update(suspended_at=None, suspension_reason="")


@transaction.atomic
def label_withdraw(*, application_id: int, staff: User, reason: str) -> None:
    """Withdraw a label: it stays in the public register as withdrawn, with reason and date."""
    staff_only(staff)
    reason = _required(reason, "reason", "Indiquez le motif du retrait\u00a0: il est public.")
    locked = application_lock(application_id=application_id)
    application_move(application=locked, to=S.WITHDRAWN, actor=staff, message=reason)
    Label.objects.filter(application=locked).update(
        withdrawn_at=timezone.now(), withdrawal_reason=reason
    )
