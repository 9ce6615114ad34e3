"""Claiming a roll entry: neutral answers, one-time codes, one account per RPPS, rate limits."""

import importlib
import logging
import re
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import ClaimChallenge, User
from accounts.services.claims import (
    INVALID_CODE_MESSAGE,
    claim_code_send,
    claim_confirm,
    claim_start,
)
from accounts.tasks import purge_expired_claim_challenges, send_claim_code
from roll.rpps import luhn_check_digit
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

START_URL = reverse("claim_start")
CONFIRM_URL = reverse("claim_confirm")
NEUTRAL = (
    "Si ce numéro figure au tableau de l'Ordre, un code d'activation vient d'être envoyé à "
    "l'adresse électronique que l'Ordre a enregistrée pour ce médecin. Il est valable 30 minutes."
)


def valid_unknown_rpps() -> str:
    payload = "1099999999"
    return payload + luhn_check_digit(payload)


def code_from(message) -> str:
    match = re.search(r"code d'activation : (\d{4}) (\d{4})", message.body)
    assert match, message.body
    return match.group(1) + match.group(2)


def without_tokens(html: str) -> str:
    return re.sub(r'(value|nonce)="[^"]*"', "", html)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def started(user, rpps: str) -> ClaimChallenge:
    challenge = claim_start(user=user, rpps=rpps)
    assert challenge is not None
    return challenge


@pytest.fixture
def doctor():
    return DoctorFactory.create(email="dr.durand@tableau.test")


@pytest.fixture
def user(client):
    user = UserFactory.create(email="jean.dupont@exemple.test")
    client.force_login(user)
    return user


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    def post(rpps: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(START_URL, {"rpps": rpps}, **extra)

    return post


# --- Happy path ---------------------------------------------------------------------------


def test_claim_links_account_with_code_sent_to_the_roll_email(client, user, doctor, start):
    spaced = f"{doctor.rpps[:3]} {doctor.rpps[3:7]}.{doctor.rpps[7:]}"
    response = start(spaced)

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dr.durand@tableau.test"]
    assert user.email not in message.to + message.cc + message.bcc
    assert message.subject == "Votre code d'activation — Ordre des médecins"
    assert "30 minutes" in message.body
    assert "ignorez ce message" in message.body
    code = code_from(message)
    assert isinstance(message, EmailMultiAlternatives)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"{code[:4]} {code[4:]}" in str(html)

    challenge = ClaimChallenge.objects.get(user=user)
    assert challenge.sent_at is not None
    assert code not in challenge.code_hash
    assert len(challenge.code_hash) == 64

    response = client.post(CONFIRM_URL, {"code": f"{code[:4]} {code[4:]}"})

    assert response.status_code == 302
    assert response["Location"] == reverse("doctor_space")
    user.refresh_from_db()
    assert user.doctor == doctor
    challenge.refresh_from_db()
    assert challenge.used_at is not None


def test_code_page_shows_the_neutral_answer(client, user):
    response = client.get(CONFIRM_URL)
    assert response.status_code == 200
    assert NEUTRAL in page_text(response)


def test_claim_pages_require_login(client):
    for url in (START_URL, CONFIRM_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_claimed_user_is_sent_to_the_doctor_space(client, user, doctor):
    user.doctor = doctor
    user.save()
    for url in (START_URL, CONFIRM_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("doctor_space")


# --- RPPS validation ----------------------------------------------------------------------


def test_malformed_rpps_gets_a_field_error(client, user, start):
    response = start("1234 56")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Le numéro RPPS comporte exactement 11 chiffres." in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_rpps_error"' in html
    field = re.search(r"<input[^>]*name=\"rpps\"[^>]*>", html)
    assert field is not None
    assert "id_rpps_error" in field.group(0)
    assert not ClaimChallenge.objects.exists()
    assert mail.outbox == []


def test_luhn_invalid_rpps_gets_a_field_error(client, user, doctor, start):
    wrong_check_digit = doctor.rpps[:10] + str((int(doctor.rpps[10]) + 1) % 10)

    response = start(wrong_check_digit)

    assert response.status_code == 200
    assert "clé de contrôle incorrecte" in response.content.decode()
    assert not ClaimChallenge.objects.exists()
    assert mail.outbox == []


def test_typos_do_not_count_against_the_rate_limit(client, user, doctor, start, settings):
    settings.CLAIM_RATE_LIMIT = "2/h"
    for _ in range(5):
        assert start("123").status_code == 200
    assert start(doctor.rpps).status_code == 302


# --- Neutral answers ----------------------------------------------------------------------


def test_unknown_known_claimed_and_emailless_rpps_get_the_same_answer(client, user, start):
    known = DoctorFactory.create(email="connu@tableau.test")
    claimed = DoctorFactory.create(email="pris@tableau.test")
    UserFactory.create(doctor=claimed)
    no_email = DoctorFactory.create(email="")

    answers = []
    for rpps in (valid_unknown_rpps(), known.rpps, claimed.rpps, no_email.rpps):
        response = start(rpps)
        page = client.get(response["Location"])
        answers.append(
            (
                response.status_code,
                response["Location"],
                page.status_code,
                without_tokens(page.content.decode()),
            )
        )

    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0][0] == 302
    assert NEUTRAL in " ".join(answers[0][3].split())
    # Only the free entry with an email on file got a code.
    assert [m.to for m in mail.outbox] == [["connu@tableau.test"]]


def test_a_second_account_cannot_claim_a_linked_rpps(client, user, doctor, start):
    holder = UserFactory.create(doctor=doctor)

    response = start(doctor.rpps)

    assert response["Location"] == CONFIRM_URL
    assert mail.outbox == []
    assert not ClaimChallenge.objects.filter(user=user).exists()
    response = client.post(CONFIRM_URL, {"code": "12345678"})
    assert INVALID_CODE_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.doctor is None
    holder.refresh_from_db()
    assert holder.doctor == doctor


def test_two_accounts_racing_for_one_rpps_only_one_wins(
    client, user, doctor, start, django_capture_on_commit_callbacks
):
    rival = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        claim_start(user=rival, rpps=doctor.rpps)
    rival_code = code_from(mail.outbox[0])
    start(doctor.rpps)
    user_code = code_from(mail.outbox[1])

    claim_confirm(user=rival, code=rival_code)
    response = client.post(CONFIRM_URL, {"code": user_code})

    assert response.status_code == 200
    assert "déjà rattachée à un autre compte" in response.content.decode()
    user.refresh_from_db()
    assert user.doctor is None
    assert User.objects.get(doctor=doctor) == rival


# --- Codes: wrong, expired, reused, exhausted, superseded ----------------------------------


def test_wrong_code_is_refused_and_counted(client, user, doctor, start):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 10**8:08d}"

    response = client.post(CONFIRM_URL, {"code": wrong})

    assert response.status_code == 200
    html = response.content.decode()
    assert INVALID_CODE_MESSAGE in html
    assert 'id="id_code_error"' in html
    assert ClaimChallenge.objects.get(user=user).attempts == 1
    user.refresh_from_db()
    assert user.doctor is None


def test_expired_code_is_refused(client, user, doctor, start):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    ClaimChallenge.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(minutes=40),
        expires_at=timezone.now() - timedelta(minutes=10),
    )

    response = client.post(CONFIRM_URL, {"code": code})

    assert INVALID_CODE_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.doctor is None


def test_code_still_valid_just_before_expiry(client, user, doctor, start):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    ClaimChallenge.objects.filter(user=user).update(
        expires_at=timezone.now() + timedelta(seconds=30)
    )
    assert client.post(CONFIRM_URL, {"code": code}).status_code == 302


def test_used_code_cannot_be_used_again(client, user, doctor, start):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    assert client.post(CONFIRM_URL, {"code": code}).status_code == 302
    # The link is undone (say, by the council's staff): the old code must not restore it.
    User.objects.filter(pk=user.pk).update(doctor=None)

    response = client.post(CONFIRM_URL, {"code": code})

    assert INVALID_CODE_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.doctor is None


def test_challenge_dies_after_too_many_wrong_codes(client, user, doctor, start, settings):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(settings.CLAIM_MAX_ATTEMPTS):
        client.post(CONFIRM_URL, {"code": wrong})

    response = client.post(CONFIRM_URL, {"code": code})

    assert INVALID_CODE_MESSAGE in response.content.decode()
    assert ClaimChallenge.objects.get(user=user).attempts == settings.CLAIM_MAX_ATTEMPTS
    user.refresh_from_db()
    assert user.doctor is None


def test_new_request_supersedes_the_pending_one(client, user, doctor, start):
    start(doctor.rpps)
    first_code = code_from(mail.outbox[0])
    start(doctor.rpps)
    second_code = code_from(mail.outbox[1])
    assert first_code != second_code

    response = client.post(CONFIRM_URL, {"code": first_code})
    assert INVALID_CODE_MESSAGE in response.content.decode()

    assert client.post(CONFIRM_URL, {"code": second_code}).status_code == 302
    first, second = ClaimChallenge.objects.filter(user=user).order_by("created_at", "pk")
    assert first.superseded_at is not None
    assert second.used_at is not None
    user.refresh_from_db()
    assert user.doctor == doctor


def test_a_request_for_an_unknown_rpps_also_supersedes(client, user, doctor, start):
    start(doctor.rpps)
    code = code_from(mail.outbox[0])
    start(valid_unknown_rpps())

    response = client.post(CONFIRM_URL, {"code": code})

    assert INVALID_CODE_MESSAGE in response.content.decode()


def test_non_digit_code_gets_a_field_error(client, user):
    response = client.post(CONFIRM_URL, {"code": "abcd-efgh"})
    assert "ne comporte que des chiffres" in response.content.decode()


# --- Rate limits --------------------------------------------------------------------------


def test_starting_a_claim_is_rate_limited_per_user(client, user, doctor, start, settings):
    settings.CLAIM_RATE_LIMIT = "2/h"
    assert start(doctor.rpps, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert start(doctor.rpps, REMOTE_ADDR="10.0.0.2").status_code == 302

    response = start(doctor.rpps, REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Trop de tentatives" in response.content.decode()
    assert len(mail.outbox) == 2


def test_starting_a_claim_is_rate_limited_per_ip(client, doctor, start, settings):
    settings.CLAIM_RATE_LIMIT = "2/h"
    for _ in range(2):
        client.force_login(UserFactory.create())
        assert start(doctor.rpps).status_code == 302

    client.force_login(UserFactory.create())
    response = start(doctor.rpps)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_code_attempts_are_rate_limited_per_user(client, user, doctor, start):
    start(doctor.rpps)
    statuses = [client.post(CONFIRM_URL, {"code": "00000000"}).status_code for _ in range(21)]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


# --- Sending the code ---------------------------------------------------------------------


def test_the_code_never_travels_through_the_broker(client, user, doctor, start):
    with mock.patch.object(
        send_claim_code, "apply_async", wraps=send_claim_code.apply_async
    ) as queued:
        start(doctor.rpps)

    code = code_from(mail.outbox[0])
    challenge = ClaimChallenge.objects.get(user=user)
    queued.assert_called_once()
    args, kwargs = queued.call_args
    assert args[0] == (challenge.pk,)
    assert code not in repr(args) + repr(kwargs)


def test_no_task_is_queued_before_commit(client, user, doctor):
    with mock.patch.object(send_claim_code, "delay") as delay:
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
