import pytest

from tests.appregister.helpers import assessor_create, body_create, publisher_create
from tests.factories import UserFactory
from tests.fixtures.vault import use_local_vault


@pytest.fixture(autouse=True)
def _vault(settings, tmp_path):
    use_local_vault(settings, tmp_path / "vault")


@pytest.fixture
def council(db):
    return UserFactory.create(email="registre@ordre.test", staff=True)


@pytest.fixture
def publisher(db):
    return publisher_create()


@pytest.fixture
def body(db):
    return body_create()


@pytest.fixture
def assessor(body):
    return assessor_create(body)


@pytest.fixture
def commits(monkeypatch):
    """Run on-commit callbacks (the emails' tasks) at once, as after a real commit: the test's
    own transaction never commits."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
