"""Sign-up, verification, passwords, rate limits and session lifetime, through allauth."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY, STARTED_KEY
from accounts.models import User
from tests.auth_helpers import login_with_password, verification_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, email="nouveau@exemple.test", password=TEST_PASSWORD, password2=None):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password2 or password},
    )


def test_signup_requires_email_verification_before_login(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nouveau@exemple.test")
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "Ordre des médecins" in mail.outbox[0].subject

    # Logging in before verifying sends to the verification notice, not into the portal.
    response = login_with_password(client, "nouveau@exemple.test")
    assert "_auth_user_id" not in client.session

    # The code of the latest email, typed on the page that asks for it, confirms and logs in.
    code_url = reverse("account_email_verification_sent")
    assert client.post(code_url, {"code": "AAAA-AAAA"}).status_code == 200  # wrong code
    assert not EmailAddress.objects.get(user=user).verified
    assert client.post(code_url, {"code": verification_code(mail.outbox[-1])}).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Court-2026", "12 caractères"),
        ("password1234", "trop courant"),
        ("123456789012345", "entièrement numérique"),
    ],
)
def test_weak_passwords_are_refused_with_french_field_message(client, password, fragment):
    response = signup(client, password=password)
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords_keep_the_email_typed(client):
    response = signup(client, password2="autre-chose-tout-a-fait")
    assert response.status_code == 200
    assert 'value="nouveau@exemple.test"' in response.content.decode()


def test_duplicate_signup_does_not_reveal_the_account_and_creates_nothing(client):
    UserFactory.create(email="deja@exemple.test")
    response = signup(client, email="DEJA@exemple.test")
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="deja@exemple.test").count() == 1


def test_failed_logins_lock_the_account_for_a_while(client):
    UserFactory.create(email="cible@exemple.test")
    responses = [
        login_with_password(client, "cible@exemple.test", password="mauvais-mot-de-passe")
        for _ in range(6)
    ]
    assert "Trop de tentatives" not in responses[0].content.decode()
    assert "Trop de tentatives" in responses[-1].content.decode()
    # Even the right password is refused while the limit holds.
    response = login_with_password(client, "cible@exemple.test")
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_is_rate_limited_per_address(client, settings):
    statuses = {
        client.post(
            reverse("account_login"), {"login": f"x{n}@exemple.test", "password": "x"}
        ).status_code
        for n in range(40)
    }
    assert 429 in statuses


def test_password_reset_sends_a_link_and_the_new_password_works(client):
    UserFactory.create(email="oubli@exemple.test")
    response = client.post(reverse("account_reset_password"), {"email": "oubli@exemple.test"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    path = re.search(r"https?://[^/\s]+(/compte/password/reset/key/[^\s]+/)", body).group(1)
    form_url = client.get(path)["Location"]
    new_password = "nouveau-mot-de-passe-solide-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert User.objects.get(email="oubli@exemple.test").check_password(new_password)


def test_password_reset_for_unknown_email_answers_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_password_change_ends_other_sessions_but_keeps_this_one(client, django_user_model):
    from django.test import Client

    UserFactory.create(email="medecin@exemple.test")
    other = Client()
    login_with_password(other, "medecin@exemple.test")
    login_with_password(client, "medecin@exemple.test")
    assert other.get(reverse("account_change_password")).status_code == 200

    new_password = "un-tout-autre-secret-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert client.get(reverse("account_change_password")).status_code == 200
    response = other.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_changing_email_requires_recent_reauthentication(client, settings):
    UserFactory.create(email="medecin@exemple.test")
    login_with_password(client, "medecin@exemple.test")
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60
    session.save()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.test"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="nouvelle@exemple.test").exists()


def _age_session(client, *, idle: int = 0, total: int = 0) -> None:
    session = client.session
    session[LAST_SEEN_KEY] -= idle
    session[STARTED_KEY] -= total
    session.save()


def test_session_ends_after_thirty_idle_minutes(client):
    UserFactory.create(email="medecin@exemple.test")
    login_with_password(client, "medecin@exemple.test")
    assert client.get(reverse("account_change_password")).status_code == 200
    _age_session(client, idle=29 * 60)
    assert client.get(reverse("account_change_password")).status_code == 200
    _age_session(client, idle=31 * 60)
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_ends_after_twelve_hours_even_when_active(client):
    UserFactory.create(email="medecin@exemple.test")
    login_with_password(client, "medecin@exemple.test")
    client.get(reverse("account_change_password"))
    _age_session(client, total=12 * 3600 + 1)
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
