"""Reminder throughput: the Celery tasks against plain smtplib, both to the same SMTP sink.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_dues \\
        .venv/bin/python bench/reminders.py [--calls 261378] [--year 2098]

The script migrates, seeds the roll, opens the campaign of --year (its calls are all open),
forgets that campaign's reminders from an earlier run, and starts an aiosmtpd sink in a
separate process on 127.0.0.1 (an ephemeral port). Then it times:
  1. plain smtplib sending the same reminders, rendered in advance, one connection per 1,000
     (the baseline);
  2. the reminder tasks (executed in-process, as `make run` does) sending the deadline reminder
     of every open call: batches of 1,000, one SMTP connection each, a log row per message.
It prints both throughputs and their ratio (goal: >= 0.5).
"""

import argparse
import os
import smtplib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
# Workers run with DEBUG off in production; with it on, Django would record every query.
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cotisations.models import Campaign, DuesCall, ReminderKind, ReminderLog  # noqa: E402
from cotisations.services.campaigns import campaign_open  # noqa: E402
from cotisations.services.emails import ReminderRenderer, recipient  # noqa: E402
from cotisations.services.reminders import reminders_dispatch  # noqa: E402
from portal.celery import app  # noqa: E402
from roll.services.seeding import roll_seed  # noqa: E402

ROLL_SIZE = 261_378
BATCH = 1000
# The sink: counts messages, answers "count" on stdin with how many it has received.
SINK = """
import socket
import sys
from aiosmtpd.controller import Controller

class Counter:
    received = 0
    async def handle_DATA(self, server, session, envelope):
        Counter.received += 1
        return "250 OK"

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Counter(), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
for line in sys.stdin:
    print(Counter.received, flush=True)
controller.stop()
"""


class Sink:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def count(self) -> int:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _prerendered(campaign: Campaign, kind: str) -> list[tuple[str, bytes]]:
    """(recipient, message) of every call, rendered in advance exactly as the tasks send them:
    the baseline delivers the same bytes, so the ratio measures only the tasks' own work."""
    renderer = ReminderRenderer(kind=kind)
    calls = (
        DuesCall.objects.filter(campaign=campaign)
        .select_related("campaign", "doctor", "doctor__account")
        .order_by("pk")
    )
    rendered = []
    for call in calls.iterator(chunk_size=BATCH):
        to = recipient(call)
        rendered.append((to, renderer.wire_bytes(call=call, to=to)))
    return rendered


def _smtplib_baseline(port: int, messages: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for start in range(0, len(messages), BATCH):
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for to, body in messages[start : start + BATCH]:
                smtp.sendmail("ne-pas-repondre@ordre.test", [to], body)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=ROLL_SIZE)
    parser.add_argument("--year", type=int, default=2098)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/reminders.py needs PostgreSQL: set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/portal_bench_dues"
        )
    call_command("migrate", verbosity=0, interactive=False)
    roll_seed(doctors=args.calls, seed=0)
    campaign, _ = campaign_open(year=args.year)
    ReminderLog.objects.filter(call__campaign=campaign).delete()
    calls = DuesCall.objects.filter(campaign=campaign).count()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {ReminderLog._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {DuesCall._meta.db_table}")

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DUES_REMINDER_BATCH_SIZE = BATCH
    # The tasks run in this process (as with `make run`): the time is the work, not a broker.
    app.conf.task_always_eager = True

    sink = Sink()
    try:
        settings.EMAIL_PORT = sink.port
        messages = _prerendered(campaign, ReminderKind.DEADLINE)
        baseline = _smtplib_baseline(sink.port, messages)
        del messages
        after_baseline = sink.count()
        started = time.perf_counter()
        batches = reminders_dispatch(today=campaign.deadline)
        tasks_seconds = time.perf_counter() - started
        delivered = sink.count() - after_baseline
    finally:
        sink.stop()
    logged = ReminderLog.objects.filter(call__campaign=campaign, kind=ReminderKind.DEADLINE)
    print(f"open calls:                    {calls:>9,}")
    print(f"smtplib, pre-rendered:         {baseline:8.1f} s  {calls / baseline:8.0f} msg/s")
    print(
        f"reminder tasks ({batches} batches): {tasks_seconds:8.1f} s  "
        f"{delivered / tasks_seconds:8.0f} msg/s ({delivered:,} delivered, "
        f"{logged.count():,} logged)"
    )
    ratio = (delivered / tasks_seconds) / (calls / baseline)
    print(f"throughput ratio tasks / smtplib: {ratio:5.2f} (goal >= 0.5)")


if __name__ == "__main__":
    main()
