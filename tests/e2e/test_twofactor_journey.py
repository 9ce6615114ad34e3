"""A doctor with two-factor on: logging in with a recovery code, changing the login email."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.auth_helpers import enable_totp, force_mfa_login, totp_now, verification_code
from tests.e2e.helpers import CODE_LABEL, field
from tests.factories import TEST_PASSWORD, DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "claire.dupont@exemple.test"
NEW_EMAIL = "claire.dupont@cabinet.test"


@pytest.fixture
def doctor_user() -> User:
    return UserFactory.create(
        email=EMAIL, doctor=DoctorFactory.create(first_name="Claire", last_name="Dupont")
    )


def test_doctor_logs_in_with_a_recovery_code(page, accessible, doctor_user):
    enable_totp(doctor_user)
    codes = RecoveryCodes.activate(doctor_user).get_unused_codes()

    page.goto("/compte/login/?next=/espace/")
    field(page, "Adresse électronique").fill(EMAIL)
    field(page, "Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
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
    assert doctor_user.doctor.rpps in page.content()
    assert (
        codes[0]
        not in RecoveryCodes(
            doctor_user.authenticator_set.get(type="recovery_codes")
        ).get_unused_codes()
    )


def test_doctor_with_two_factor_changes_the_login_email(page, accessible, doctor_user, live_server):
    secret = enable_totp(doctor_user)
    client = Client()
    force_mfa_login(client, doctor_user)
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
    doctor_user.refresh_from_db()
    assert doctor_user.email == NEW_EMAIL
