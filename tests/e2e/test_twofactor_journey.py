"""A doctor with two-factor on: logging in with a recovery code, changing the login email."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.auth_helpers import enable_totp, force_mfa_login, totp_now, verification_code
from tests.e2e.helpers import CODE_LABEL, field, submit_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "claire.dupont@exemple.test"
NEW_EMAIL = "claire.dupont@cabinet.test"


@pytest.fixture
def doctor_before_totp() -> User:
    """A doctor's account with no second factor yet: the journeys enrol one."""
    return UserFactory.create(
        email=EMAIL, doctor=DoctorFactory.create(first_name="Claire", last_name="Dupont")
    )


def test_doctor_logs_in_with_a_recovery_code(page, accessible, doctor_before_totp):
    enable_totp(doctor_before_totp)
    codes = RecoveryCodes.activate(doctor_before_totp).get_unused_codes()

    page.goto("/compte/login/?next=/espace/")
    submit_login(page, EMAIL)
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    accessible("second facteur")
    assert page.get_by_role("button", name="Utiliser une clé d’accès").count() == 1
    field(page, CODE_LABEL).fill("mauvais1")
    page.get_by_role("button", name="Se connecter").click()
    accessible("second facteur avec erreur")
    assert page.locator("[aria-invalid=true]").count() == 1

    field(page, CODE_LABEL).fill(codes[0])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/espace/$"))
    assert doctor_before_totp.doctor.rpps in page.content()
    assert (
        codes[0]
        not in RecoveryCodes(
            doctor_before_totp.authenticator_set.get(type="recovery_codes")
        ).get_unused_codes()
    )


def test_doctor_with_two_factor_changes_the_login_email(
    page, accessible, doctor_before_totp, live_server
):
    secret = enable_totp(doctor_before_totp)
    client = Client()
    force_mfa_login(client, doctor_before_totp)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.session.session_key,
                "url": live_server.url,
            }
        ]
    )

    page.goto("/compte/email/")
    accessible("adresse électronique")
    page.locator("#id_email").fill(NEW_EMAIL)
    page.locator("main form button[name=action_add]").click()

    # Confirming access asks the authenticator app's code.
    page.wait_for_url(re.compile(r"/2fa/reauthenticate/"))
    accessible("confirmer l’accès")
    field(page, CODE_LABEL).fill(totp_now(secret))
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url(re.compile(r"/compte/confirm-email/"))
    accessible("code envoyé à la nouvelle adresse")
    message = [m for m in mail.outbox if NEW_EMAIL in m.to][-1]
    page.get_by_label(re.compile("Code")).first.fill(verification_code(message))
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url(re.compile(r"/compte/email/$"))
    accessible("adresse changée")
    assert NEW_EMAIL in page.content()
    doctor_before_totp.refresh_from_db()
    assert doctor_before_totp.email == NEW_EMAIL
