"""The doctor space (/espace/) and the personal API token page."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from roll.models import DoctorStatus
from tests.auth_helpers import enable_totp, login_with_password
from tests.factories import TEST_PASSWORD, DoctorFactory, TokenFactory, UserFactory

pytestmark = pytest.mark.django_db

SPACE_URL = reverse("doctor_space")
TOKENS_URL = reverse("api_tokens")
REVOKE_URL = reverse("api_token_revoke")
MFA_PROMPT = "Activez la double authentification"


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def doctor_in_ajaccio():
    """A retired doctor still practising in Corsica, every roll field filled in."""
    return DoctorFactory.create(
        first_name="Claire",
        last_name="Martin",
        rpps="10020260005",
        specialty="Pédiatrie",
        department="2A",
        status=DoctorStatus.RETIRED_ACTIVE,
        street="3 cours Napoléon",
        postcode="20000",
        city="Ajaccio",
        email="c.martin@tableau.test",
    )


@pytest.fixture
def claimed(client, doctor_in_ajaccio):
    user = UserFactory.create(email="claire@exemple.test", doctor=doctor_in_ajaccio)
    client.force_login(user)
    return user


# --- Doctor space -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(SPACE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={SPACE_URL}"


@pytest.mark.parametrize("is_staff", [False, True])
def test_user_without_a_doctor_chooses_between_claim_and_registration(client, is_staff):
    client.force_login(UserFactory.create(is_staff=is_staff))

    response = client.get(SPACE_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("claim_start")}"' in page
    assert f'href="{reverse("registrations:start")}"' in page


def test_space_shows_the_roll_entry(client, claimed):
    response = client.get(SPACE_URL)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = text(response)
    for expected in (
        "Mme Claire Martin",
        "10020260005",
        "Pédiatrie",
        "2A — Corse-du-Sud",
        "14 mars 2012",
        "Retraitée en activité",
        "3 cours Napoléon",
        "20000 Ajaccio",
        "c.martin@tableau.test",
    ):
        assert expected in page, expected
    for name in ("account_change_password", "account_email", "mfa_index"):
        assert f'href="{reverse(name)}"' in page


def test_space_prompts_for_mfa_when_disabled(client, claimed):
    page = text(client.get(SPACE_URL))
    assert MFA_PROMPT in page
    assert (
        f'<a class="button button--primary" href="{reverse("mfa_index")}">{MFA_PROMPT}</a>' in page
    )


def test_space_does_not_prompt_once_mfa_is_enabled(client, claimed):
    enable_totp(claimed)

    page = text(client.get(SPACE_URL))

    assert MFA_PROMPT not in page
    assert "La double authentification est activée" in page


def test_space_never_shows_another_doctors_entry(client, claimed, doctor_in_ajaccio):
    other = DoctorFactory.create(last_name="Lefebvre", email="lefebvre@tableau.test")
    UserFactory.create(doctor=other)

    page = text(client.get(SPACE_URL))

    assert doctor_in_ajaccio.rpps in page
    assert other.rpps not in page
    assert "Lefebvre" not in page
    assert "lefebvre@tableau.test" not in page


# --- API token page -----------------------------------------------------------------------


@pytest.fixture
def fresh_login(client):
    """A user who just confirmed their password: allauth lets them issue a token."""
    user = UserFactory.create(email="jetons@exemple.test")
    assert login_with_password(client, "jetons@exemple.test").status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return user


def test_token_page_requires_login(client):
    response = client.get(TOKENS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_token_is_shown_once_then_only_its_existence(client, fresh_login):
    assert "Vous n’avez pas de jeton d’accès" in text(client.get(TOKENS_URL))

    response = client.post(TOKENS_URL)

    assert response.status_code == 200
    token = Token.objects.get(user=fresh_login)
    assert token.key in text(response)
    assert "no-store" in response["Cache-Control"]

    page = text(client.get(TOKENS_URL))
    assert token.key not in page
    assert "Vous avez un jeton d’accès actif" in page


def test_a_new_token_replaces_the_old_one(client, fresh_login):
    client.post(TOKENS_URL)
    old_key = Token.objects.get(user=fresh_login).key

    client.post(TOKENS_URL)

    assert Token.objects.filter(user=fresh_login).count() == 1
    assert Token.objects.get(user=fresh_login).key != old_key


def test_issuing_a_token_asks_for_the_password_again(client):
    user = UserFactory.create(email="jetons@exemple.test")
    login_with_password(client, "jetons@exemple.test")

    response = client.post(TOKENS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Token.objects.filter(user=user).exists()

    # Once the password is confirmed, allauth replays the suspended request.
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert Token.objects.filter(user=user).exists()


def test_revoke_deletes_only_my_token(client, fresh_login):
    client.post(TOKENS_URL)
    someone_else = TokenFactory.create()

    response = client.post(REVOKE_URL, follow=True)

    assert response.redirect_chain == [(TOKENS_URL, 302)]
    assert "a été révoqué" in text(response)
    assert not Token.objects.filter(user=fresh_login).exists()
    assert Token.objects.filter(pk=someone_else.pk).exists()


def test_revoke_needs_a_post(client, fresh_login):
    client.post(TOKENS_URL)
    response = client.get(REVOKE_URL)  # a reload or the history: back to the form
    assert response.status_code == 302
    assert response["Location"] == TOKENS_URL
    assert Token.objects.filter(user=fresh_login).exists()


def test_token_forms_are_csrf_protected(fresh_login):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(fresh_login)
    token = Token.objects.create(user=fresh_login)

    assert csrf_client.post(REVOKE_URL).status_code == 403
    assert csrf_client.post(TOKENS_URL).status_code == 403
    assert Token.objects.get(user=fresh_login).key == token.key
