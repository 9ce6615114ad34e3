"""Fixtures for the roll: a staff client that passed MFA, as the admin demands."""

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.test import Client, RequestFactory

from accounts.models import User
from tests.factories import UserFactory


def mark_session_mfa(client: Client, user: User) -> None:
    """Record in the client's session that its login used a TOTP code, as allauth does.

    allauth keeps the methods under AUTHENTICATION_METHODS_SESSION_KEY together with the user
    they belong to; its own record_authentication writes both, so the test follows any change.
    """
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    request.user = user
    record_authentication(request, user, method="mfa", type="totp")
    session.save()


@pytest.fixture
def staff_superuser(db: None) -> User:
    return UserFactory.create(email="equipe@ordre.test", is_staff=True, is_superuser=True)


@pytest.fixture
def mfa_admin_client(client: Client, staff_superuser: User) -> Client:
    client.force_login(staff_superuser)
    mark_session_mfa(client, staff_superuser)
    return client
