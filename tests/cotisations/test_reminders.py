import datetime
import smtplib
from email.header import decode_header, make_header

import pytest

from cotisations import tasks
from cotisations.models import ReminderKind, ReminderLog
from cotisations.services.campaigns import campaign_open_calls, campaign_set_reminders_paused
from cotisations.services.reminders import reminder_kind_due, reminders_dispatch
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2027, 3, 31)


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("2027-02-28", None),
        ("2027-03-01", ReminderKind.BEFORE_30),
        ("2027-03-23", ReminderKind.BEFORE_30),
        ("2027-03-24", ReminderKind.BEFORE_7),
        ("2027-03-31", ReminderKind.DEADLINE),
        ("2027-04-15", ReminderKind.OVERDUE_1),
        ("2027-04-30", ReminderKind.OVERDUE_2),
        ("2027-05-15", ReminderKind.OVERDUE_3),
        ("2027-05-29", ReminderKind.OVERDUE_3),
        ("2027-05-30", None),  # at most three overdue reminders
    ],
)
def test_schedule(day, kind):
    assert reminder_kind_due(deadline=DEADLINE, today=datetime.date.fromisoformat(day)) == kind


@pytest.fixture
def many_calls(campaign):
    DoctorFactory.create_batch(7)
    campaign_open_calls(campaign_id=campaign.pk)
    return campaign


def test_batches_over_one_connection_each_and_once_per_call(many_calls, smtp_settings, settings):
    settings.DUES_REMINDER_BATCH_SIZE = 3
    today = datetime.date(2027, 3, 1)
    assert reminders_dispatch(today=today) == 3  # 7 calls in batches of 3
    assert len(smtp_settings.messages) == 7
    assert smtp_settings.connections == 3
    assert {m["To"] for m in smtp_settings.messages} == set(
        many_calls.calls.values_list("doctor__email", flat=True)
    )
    first = smtp_settings.messages[0]
    body = first.get_payload(0).get_payload(decode=True).decode()
    assert "avant le 31 mars 2027" in body
    subject = str(make_header(decode_header(first["Subject"])))
    assert subject == "Votre cotisation ordinale 2027\u00a0: échéance le 31 mars 2027"
    assert "Ordre des médecins" in str(make_header(decode_header(first["From"])))
    assert smtp_settings.messages[0]["Message-ID"].startswith("<dues-")
    # A re-run the same day, or the day after (same window), sends nothing.
    assert reminders_dispatch(today=today) == 0
    assert reminders_dispatch(today=today + datetime.timedelta(days=1)) == 0
    assert len(smtp_settings.messages) == 7
    assert ReminderLog.objects.filter(kind=ReminderKind.BEFORE_30).count() == 7


def test_paid_calls_get_no_reminder(many_calls, mailoutbox):
    from cotisations.services.calls import payment_record_offline

    paid = many_calls.calls.first()
    payment_record_offline(
        call_id=paid.pk,
        amount_cents=paid.amount_cents,
        method="transfer",
        received_on=datetime.date(2027, 1, 5),
        reference="",
        actor=None,
    )
    reminders_dispatch(today=DEADLINE)
    assert len(mailoutbox) == 6
    assert paid.doctor.email not in {m.to[0] for m in mailoutbox}


def test_paused_campaign_sends_nothing(many_calls, mailoutbox):
    campaign_set_reminders_paused(campaign_id=many_calls.pk, paused=True)
    assert reminders_dispatch(today=DEADLINE) == 0
    # A batch queued before the pause sends nothing either.
    ids = list(many_calls.calls.values_list("pk", flat=True))
    assert (
        tasks.send_dues_reminder_batch.delay(many_calls.pk, ReminderKind.DEADLINE, ids).get() == 0
    )
    assert not mailoutbox


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the task can catch it (test_reminders_worker.py kills a
    real worker process)."""


def test_batch_interrupted_mid_way_resumes_without_doubles(many_calls, smtp_settings, monkeypatch):
    ids = list(many_calls.calls.values_list("pk", flat=True))
    real_send = smtplib.SMTP.sendmail
    sent = {"n": 0}

    def dying_send(self, *args, **kwargs):
        if sent["n"] == 4:
            raise WorkerKilled
        sent["n"] += 1
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", dying_send)
    with pytest.raises(WorkerKilled):
        tasks.send_dues_reminder_batch.apply(args=(many_calls.pk, ReminderKind.OVERDUE_1, ids))
    assert len(smtp_settings.messages) == 4
    assert ReminderLog.objects.count() == 4
    monkeypatch.setattr(smtplib.SMTP, "sendmail", real_send)
    # acks_late: the broker delivers the same task again to another worker.
    tasks.send_dues_reminder_batch.apply(args=(many_calls.pk, ReminderKind.OVERDUE_1, ids))
    recipients = [m["To"] for m in smtp_settings.messages]
    assert len(recipients) == 7 == len(set(recipients))
    assert ReminderLog.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_sent_log_raises_a_row_the_database_refused_and_leaves_the_connection_clean(
    postgres, many_calls
):
    from django.db import IntegrityError, connection

    from cotisations.services.sent_log import SentLog

    call_id = many_calls.calls.first().pk

    def log_two() -> None:
        with SentLog(kind=ReminderKind.DEADLINE) as log:
            log.add(call_id)
            log.add(10**12)  # no such call: the foreign key refuses it

    with pytest.raises(IntegrityError):
        log_two()
    assert list(ReminderLog.objects.values_list("call_id", flat=True)) == [call_id]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
