"""Claiming a roll entry: neutral answers, one-time codes, one account per RPPS, rate limits."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClaimChallenge, User
from accounts.services.claims import (
    INVALID_CODE_MESSAGE,
    claim_confirm,
    claim_request_open,
    claim_start,
)
from roll.rpps import luhn_check_digit
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

START_URL = reverse("claim_start")
CONFIRM_URL = reverse("claim_confirm")
NEUTRAL = (
    "Si ce numéro figure au tableau de l’Ordre, un code d’activation vient d’être envoyé à "
    "l’adresse électronique que l’Ordre a enregistrée pour ce médecin. Il est valable 30 minutes."
)


def valid_unknown_rpps() -> str:
    payload = "1099999999"
    return payload + luhn_check_digit(payload)


def code_from(message) -> str:
    match = re.search(r"code d’activation\u00a0: (\d{4}) (\d{4})", message.body)
    assert match, message.body
    return match.group(1) + match.group(2)


def without_tokens(html: str) -> str:
    return re.sub(r'(value|nonce)="[^"]*"', "", html)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def started(user, rpps: str) -> ClaimChallenge:
    """The challenge of a claim request as the worker records it, before its code is sent."""
    challenge = claim_request_open(user_id=user.pk, rpps=rpps, requested_at=timezone.now())
    assert challenge is not None
    return challenge


# --- Happy path ---------------------------------------------------------------------------


def test_claim_links_account_with_code_sent_to_the_roll_email(
    client, user, doctor_with_roll_address, start
):
    doctor = doctor_with_roll_address
    spaced = f"{doctor.rpps[:3]} {doctor.rpps[3:7]}.{doctor.rpps[7:]}"
    response = start(spaced)

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dr.durand@tableau.test"]
    assert user.email not in message.to + message.cc + message.bcc
    assert message.subject == "Votre code d’activation — Ordre des médecins"
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
    # The request is recorded like any other (R1 #2), on a row no code can open.
    [row] = ClaimChallenge.objects.filter(user=user)
    assert (row.doctor, row.code_hash, row.sent_at) == (None, "", None)
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
