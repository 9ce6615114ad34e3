"""Reminders: who gets which email today, sent in batches, each (call, kind) exactly once.

Schedule, counted from the campaign's deadline D: 30 days before, 7 days before, on D, then
every 15 days while the call is overdue (D+15, D+30, D+45, at most three). A day missed by the
scheduler is caught up while the window of that reminder lasts (until the next one is due).
"""

import itertools
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.core.mail import get_connection

from cotisations import selectors
from cotisations.models import (
    Campaign,
    CampaignStatus,
    DuesCall,
    ReminderKind,
    ReminderLog,
)
from cotisations.services.emails import ReminderRenderer, recipient
from cotisations.services.sent_log import SentLog
from portal.queueing import enqueue

# (first day, relative to the deadline, on which the reminder is due; its kind)
SCHEDULE: tuple[tuple[int, str], ...] = (
    (-30, ReminderKind.BEFORE_30),
    (-7, ReminderKind.BEFORE_7),
    (0, ReminderKind.DEADLINE),
    (15, ReminderKind.OVERDUE_1),
    (30, ReminderKind.OVERDUE_2),
    (45, ReminderKind.OVERDUE_3),
)
LAST_WINDOW_DAYS = 15


def reminder_kind_due(*, deadline: date, today: date) -> str | None:
    """The reminder whose window contains `today`, or None."""
    offset = (today - deadline).days
    due = None
    for start, kind in SCHEDULE:
        if offset >= start:
            due = kind
    last_start = SCHEDULE[-1][0]
    if due is None or offset >= last_start + LAST_WINDOW_DAYS:
        return None
    return due


def _chunks(ids: Iterator[int], size: int) -> Iterator[list[int]]:
    while chunk := list(itertools.islice(ids, size)):
        yield chunk


def reminders_dispatch(*, today: date) -> int:
    """Queue one task per batch of calls to remind today; return how many batches."""
    batches = 0
    size = settings.DUES_REMINDER_BATCH_SIZE
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN, reminders_paused=False)
    for campaign in campaigns:
        kind = reminder_kind_due(deadline=campaign.deadline, today=today)
        if kind is None:
            continue
        ids = selectors.reminder_recipients(campaign=campaign, kind=kind).order_by("pk")
        id_iter = ids.values_list("pk", flat=True).iterator(chunk_size=size)
        for chunk in _chunks(id_iter, size):
            enqueue("cotisations.tasks.send_dues_reminder_batch", campaign.pk, kind, chunk)
            batches += 1
    return batches


def reminder_batch_send(*, campaign_id: int, kind: str, call_ids: list[int]) -> int:
    """Send `kind` to the calls of a batch that still need it, over one SMTP connection.

    Each message is logged right after it is sent: a worker killed mid-batch leaves the sent
    ones logged, and the redelivered task sends only the rest. The only window for a double
    is between one send and its log row; the message keeps the same Message-ID then.
    """
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.reminders_paused or campaign.status != CampaignStatus.OPEN:
        return 0
    calls = (
        selectors.reminder_recipients(campaign=campaign, kind=kind)
        .filter(pk__in=call_ids)
        .select_related("campaign", "company", "doctor", "doctor__account")
        .only(*_MESSAGE_FIELDS)
        .order_by("pk")
    )
    renderer = ReminderRenderer(kind=kind)
    sent = 0
    with get_connection() as backend, SentLog(kind=kind) as log:
        for call in calls:
            to = recipient(call)
            if not to:
                continue
            renderer.send(backend=backend, call=call, to=to)
            log.add(call.pk)
            sent += 1
    return sent


# What a reminder's text and recipient need: 1,000 rows a batch load nothing more.
_MESSAGE_FIELDS = (
    "status",
    "amount_cents",
    "paid_cents",
    "campaign__year",
    "campaign__deadline",
    # A company's call names the company (its designated partner receives the reminder).
    "company__name",
    "doctor__last_name",
    "doctor__email",
    "doctor__account__email",
)


def reminder_send_one(*, call_id: int, kind: str, extra: dict[str, str] | None = None) -> bool:
    """Send a single notice (instalments) once; return whether it went out now."""
    if ReminderLog.objects.filter(call_id=call_id, kind=kind).exists():
        return False
    call = DuesCall.objects.select_related("campaign", "company", "doctor", "doctor__account").get(
        pk=call_id
    )
    to = recipient(call)
    if not to:
        return False
    ReminderRenderer(kind=kind).message(call=call, to=to, extra=extra).send()
    with SentLog(kind=kind) as log:
        log.add(call_id)
    return True
