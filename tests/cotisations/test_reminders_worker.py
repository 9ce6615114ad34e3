"""A real worker process killed with SIGKILL in the middle of a reminder batch.

The SMTP sink answers MAIL FROM slowly, so the worker is caught waiting for the server in the
middle of the batch; the task, acknowledged only once done (acks_late), goes back to the
queue after the broker's visibility timeout, and a second worker finishes the batch.
"""

import json
import os
import signal
import time

import pytest

from cotisations import tasks
from cotisations.models import ReminderKind, ReminderLog
from cotisations.services.campaigns import campaign_open_calls
from tests.factories import DoctorFactory
from tests.waiting import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CALLS = 12
KILL_AT = 6  # the worker dies while the server holds its 6th MAIL FROM
# Redelivery a couple of seconds after the death instead of an hour.
FAST_REDELIVERY = json.dumps(
    {"visibility_timeout": 2, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
)


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    campaign, celery_workers, smtp_sink
):
    DoctorFactory.create_batch(CALLS)
    campaign_open_calls(campaign_id=campaign.pk)
    ids = list(campaign.calls.order_by("pk").values_list("pk", flat=True))
    env = {
        "EMAIL_URL": f"smtp://{smtp_sink.host}:{smtp_sink.port}",
        "CELERY_BROKER_TRANSPORT_OPTIONS": FAST_REDELIVERY,
    }
    smtp_sink.mail_delay = 1.0  # ample time to kill the worker while it waits
    first = celery_workers.start(**env)

    tasks.send_dues_reminder_batch.delay(campaign.pk, ReminderKind.OVERDUE_1, ids)
    assert wait_until(lambda: smtp_sink.mail_commands >= KILL_AT), celery_workers.output()
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    delivered_before = len(smtp_sink.messages)
    assert delivered_before == KILL_AT - 1
    # Every message delivered before the death is logged (its row was committed).
    assert wait_until(lambda: ReminderLog.objects.count() == delivered_before, timeout=10)

    smtp_sink.mail_delay = 0.0
    celery_workers.start(**env)
    assert wait_until(lambda: ReminderLog.objects.count() == CALLS, timeout=60), (
        celery_workers.output()
    )
    recipients = [message["To"] for message in smtp_sink.messages]
    assert len(recipients) == CALLS == len(set(recipients))
    assert set(recipients) == set(campaign.calls.values_list("doctor__email", flat=True))
    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {ReminderKind.OVERDUE_1}
    # Nothing more arrives later (no second redelivery).
    time.sleep(3)
    assert len(smtp_sink.messages) == CALLS
