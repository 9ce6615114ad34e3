"""Fixtures of the legal tests."""

import pytest

from guides import assistant
from guides.loading import guides_load
from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_index():
    assistant._cached = None
    yield
    assistant._cached = None


@pytest.fixture
def shipped_guides(db) -> None:
    """The guides shipped in guides/content/, the legal pages among them, as load_guides does."""
    guides_load()


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory.create(email="dpo@ordre.test", is_staff=True, is_superuser=True)
    force_mfa_login(client, staff)
    return client
