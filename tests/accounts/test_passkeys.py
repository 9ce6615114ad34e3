"""Passkeys (WebAuthn) through allauth: register one, then log in with it alone."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.auth_helpers import login_with_password
from tests.factories import TEST_PASSWORD, UserFactory
from tests.passkeys import SoftPasskey, js_data

pytestmark = pytest.mark.django_db


def register_passkey(client: Client, passkey: SoftPasskey) -> None:
    # Adding a second factor asks for the password again, even right after login.
    assert client.get(reverse("mfa_add_webauthn")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    creation_options = js_data(page.content.decode())["creation_options"]
    response = client.post(
        reverse("mfa_add_webauthn"),
        {
            "name": "Ordinateur du cabinet",
            "passwordless": "on",
            "credential": json.dumps(passkey.create(creation_options)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def passkey_login(client: Client, passkey: SoftPasskey):
    options = client.get(
        reverse("mfa_login_webauthn"), HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    ).json()["request_options"]
    return client.post(
        reverse("mfa_login_webauthn"), {"credential": json.dumps(passkey.get(options))}
    )


def test_doctor_registers_a_passkey_and_logs_in_with_it_alone():
    user = UserFactory.create(email="medecin@exemple.test")
    passkey = SoftPasskey()
    client = Client()
    login_with_password(client, "medecin@exemple.test")
    register_passkey(client, passkey)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()

    browser = Client()
    response = passkey_login(browser, passkey)
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)
    methods = [r["method"] for r in browser.session["account_authentication_methods"]]
    assert "mfa" in methods


def test_staff_passkey_login_opens_the_admin():
    UserFactory.create(email="staff@exemple.test", staff=True)
    passkey = SoftPasskey()
    setup = Client()
    login_with_password(setup, "staff@exemple.test")
    register_passkey(setup, passkey)

    browser = Client()
    passkey_login(browser, passkey)
    assert browser.get("/admin/").status_code == 200


def test_a_forged_signature_is_refused():
    UserFactory.create(email="medecin@exemple.test")
    passkey = SoftPasskey()
    client = Client()
    login_with_password(client, "medecin@exemple.test")
    register_passkey(client, passkey)

    impostor = SoftPasskey()  # another key claiming the same credential id and user
    impostor.credential_id = passkey.credential_id
    impostor.rp_id = passkey.rp_id
    impostor.user_handle = passkey.user_handle
    browser = Client()
    response = passkey_login(browser, impostor)
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session
