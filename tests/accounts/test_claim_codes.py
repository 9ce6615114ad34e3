"""Claim codes: drawn by the worker, sent once, never in the broker; purge of old ones."""

import importlib
import logging
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import ClaimChallenge
from accounts.services.claims import (
    claim_code_send,
    claim_confirm,
    claim_request_open,
    claim_start,
)
from accounts.tasks import process_claim_request, purge_expired_claim_challenges
from tests.accounts.test_claims import (
    CONFIRM_URL,
    START_URL,
    code_from,
    started,
    valid_unknown_rpps,
)
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

# --- Sending the code ---------------------------------------------------------------------


def test_the_code_never_travels_through_the_broker(client, user, doctor, start):
    with mock.patch.object(
        process_claim_request, "apply_async", wraps=process_claim_request.apply_async
    ) as queued:
        start(doctor.rpps)

    code = code_from(mail.outbox[0])
    challenge = ClaimChallenge.objects.get(user=user)
    queued.assert_called_once()
    args, kwargs = queued.call_args
    assert args[0] == (user.pk, doctor.rpps, challenge.created_at.isoformat())
    assert code not in repr(args) + repr(kwargs)


def test_every_number_is_queued_alike_and_only_a_free_one_gets_a_code(client, user, start):
    free = DoctorFactory.create(email="dr.libre@tableau.test")
    claimed = DoctorFactory.create(email="dr.pris@tableau.test")
    UserFactory.create(doctor=claimed)
    numbers = [valid_unknown_rpps(), claimed.rpps, DoctorFactory.create(email="").rpps]
    with mock.patch.object(
        process_claim_request, "apply_async", wraps=process_claim_request.apply_async
    ) as queued:
        for rpps in [*numbers, free.rpps]:
            start(rpps)

    assert [call.args[0][1] for call in queued.call_args_list] == [*numbers, free.rpps]
    assert [message.to for message in mail.outbox] == [[free.email]]
    rows = ClaimChallenge.objects.filter(user=user).order_by("created_at")
    assert [row.doctor for row in rows] == [None, None, None, free]
    # The rows of the numbers no code answers are closed at once, and never hold a hash.
    assert all(row.code_hash == "" and row.sent_at is None for row in rows[:3])
    assert all(row.expires_at <= row.superseded_at for row in rows[:3])


def test_a_request_processed_late_never_supersedes_a_newer_one(user, doctor):
    older = timezone.now()
    newer = started(user, doctor.rpps)
    assert claim_request_open(user_id=user.pk, rpps=doctor.rpps, requested_at=older) is None
    newer.refresh_from_db()
    assert newer.is_open


def test_no_task_is_queued_before_commit(client, user, doctor):
    with mock.patch.object(process_claim_request, "delay") as delay:
        client.post(START_URL, {"rpps": doctor.rpps})
    delay.assert_not_called()
    assert mail.outbox == []


def test_sending_twice_sends_one_code(user, doctor, django_capture_on_commit_callbacks):
    challenge = started(user, doctor.rpps)
    assert claim_code_send(challenge_id=challenge.pk) is True
    assert claim_code_send(challenge_id=challenge.pk) is False
    assert len(mail.outbox) == 1


def test_failed_send_rolls_back_so_a_retry_draws_a_fresh_code(user, doctor):
    challenge = started(user, doctor.rpps)
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down")
        ),
        pytest.raises(SMTPException),
    ):
        claim_code_send(challenge_id=challenge.pk)

    challenge.refresh_from_db()
    assert challenge.sent_at is None
    assert challenge.code_hash == ""

    assert claim_code_send(challenge_id=challenge.pk) is True
    challenge.refresh_from_db()
    assert challenge.sent_at is not None
    claim_confirm(user=user, code=code_from(mail.outbox[0]))
    user.refresh_from_db()
    assert user.doctor == doctor


def test_superseded_challenge_is_never_sent(user, doctor):
    first = started(user, doctor.rpps)
    claim_start(user=user, rpps=doctor.rpps)
    assert claim_code_send(challenge_id=first.pk) is False
    assert mail.outbox == []


def test_send_for_a_deleted_challenge_exits_quietly(user, doctor):
    challenge = started(user, doctor.rpps)
    challenge.delete()
    assert claim_code_send(challenge_id=challenge.pk) is False


def test_service_refuses_an_already_claimed_account(user, doctor):
    user.doctor = DoctorFactory.create()
    user.save()
    with pytest.raises(ValidationError):
        claim_start(user=user, rpps=doctor.rpps)


def test_logs_mask_the_rpps_and_never_hold_the_code(client, user, doctor, start, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.claims"):
        start(doctor.rpps)
        code = code_from(mail.outbox[0])
        client.post(CONFIRM_URL, {"code": code})

    text = caplog.text
    assert f"*******{doctor.rpps[-4:]}" in text
    assert doctor.rpps not in text
    assert code not in text
    assert "outcome=linked" in text


# --- Purge --------------------------------------------------------------------------------


def test_purge_deletes_used_and_long_expired_challenges(doctor):
    now = timezone.now()

    def challenge(**fields):
        return ClaimChallenge.objects.create(
            user=UserFactory.create(),
            doctor=doctor,
            **{"expires_at": now + timedelta(minutes=20), **fields},
        )

    used = challenge(used_at=now - timedelta(minutes=5))
    long_expired = challenge(expires_at=now - timedelta(days=1, minutes=1))
    just_expired = challenge(expires_at=now - timedelta(hours=2))
    live = challenge()

    deleted = purge_expired_claim_challenges.delay().get()

    assert deleted == 2
    remaining = set(ClaimChallenge.objects.values_list("pk", flat=True))
    assert remaining == {just_expired.pk, live.pk}
    assert used.pk not in remaining
    assert long_expired.pk not in remaining


def test_purge_is_scheduled_daily_in_celery_beat():
    migration = importlib.import_module("accounts.migrations.0003_schedule_claim_challenge_purge")
    PeriodicTask.objects.filter(name=migration.SCHEDULE_NAME).delete()

    migration.schedule_purge(apps, None)
    migration.schedule_purge(apps, None)

    task = PeriodicTask.objects.get(task="accounts.tasks.purge_expired_claim_challenges")
    assert task.enabled
    assert task.crontab is not None
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("17", "3", "*")


def test_the_database_refuses_two_live_codes_and_unhashed_codes(user, doctor):
    live = {"user": user, "doctor": doctor, "code_hash": "ab" * 32, "sent_at": timezone.now()}
    ClaimChallenge.objects.create(expires_at=timezone.now() + timedelta(minutes=30), **live)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimChallenge.objects.create(expires_at=timezone.now() + timedelta(minutes=30), **live)
    with pytest.raises(IntegrityError), transaction.atomic():
        # A code marked as sent must have its hash stored.
        ClaimChallenge.objects.create(
            user=UserFactory.create(),
            doctor=doctor,
            sent_at=timezone.now(),
            expires_at=timezone.now(),
        )
