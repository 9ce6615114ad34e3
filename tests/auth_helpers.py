"""Logging in as people do: passwords through allauth's forms, second factors from real TOTP.

Accounts themselves come from `tests.factories.UserFactory`."""

import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import TEST_PASSWORD


def enable_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_secret(user) -> str:
    """The secret of the TOTP authenticator `user` has (see UserFactory's `with_totp`)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def verification_code(message) -> str:
    """The code allauth sends to confirm an address (ACCOUNT_EMAIL_VERIFICATION_BY_CODE)."""
    match = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", message.body)
    assert match, message.body
    return match.group(1)


def login_with_password(
    client: Client, email: str, password: str = TEST_PASSWORD, next_url: str = ""
):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def login_with_totp(client: Client, email: str, secret: str, next_url: str = ""):
    response = login_with_password(client, email, next_url=next_url)
    assert response.status_code == 302, response
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    return client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})


def force_mfa_login(client: Client, user) -> None:
    """Log `user` in as if through password and TOTP (for tests about what comes after)."""
    client.force_login(user, backend="accounts.auth_backends.PortalAuthenticationBackend")
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()
