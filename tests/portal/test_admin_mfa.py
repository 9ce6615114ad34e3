"""Staff reach the admin only through allauth's login, with their second factor."""

import pytest
from django.urls import reverse

from tests.auth_helpers import enable_totp, login_with_password, login_with_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


def test_anonymous_is_sent_to_allauth_login_not_django_admin_form(client):
    response = client.get(ADMIN)
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 or login.status_code == 200
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_django_admin_login_form_cannot_be_used_to_bypass_allauth(client):
    UserFactory.create(email="staff@ordre.test", staff=True)
    response = client.post(
        reverse("admin:login"), {"username": "staff@ordre.test", "password": "x"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_without_mfa_is_refused_and_sent_to_mfa_setup(client):
    UserFactory.create(email="staff@ordre.test", staff=True)
    login_with_password(client, "staff@ordre.test")
    assert "_auth_user_id" in client.session
    response = client.get(ADMIN)
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"] == reverse("mfa_index")
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 302


def test_staff_who_logged_in_before_enabling_mfa_must_log_in_again(client):
    user = UserFactory.create(email="staff@ordre.test", staff=True)
    login_with_password(client, "staff@ordre.test")
    enable_totp(user)
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_reaches_admin(client):
    user = UserFactory.create(email="staff@ordre.test", staff=True)
    secret = enable_totp(user)
    response = login_with_totp(client, "staff@ordre.test", secret, next_url=ADMIN)
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_wrong_totp_code_does_not_open_admin(client):
    user = UserFactory.create(email="staff@ordre.test", staff=True)
    enable_totp(user)
    login_with_password(client, "staff@ordre.test")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_non_staff_with_mfa_gets_403(client):
    user = UserFactory.create(email="medecin@ordre.test")
    secret = enable_totp(user)
    login_with_totp(client, "medecin@ordre.test", secret)
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(ADMIN).status_code == 302
