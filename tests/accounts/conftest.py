"""Fixtures of the claim tests: a logged-in user, a claim request (the doctor is root's)."""

import pytest
from django.urls import reverse

from tests.factories import DoctorFactory, UserFactory

START_URL = reverse("claim_start")


@pytest.fixture
def doctor_with_roll_address(db):
    """An unclaimed doctor whose roll address, the one the claim code goes to, is known."""
    return DoctorFactory.create(email="dr.durand@tableau.test")


@pytest.fixture
def user(client):
    user = UserFactory.create(email="jean.dupont@exemple.test")
    client.force_login(user)
    return user


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    def post(rpps: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(START_URL, {"rpps": rpps}, **extra)

    return post
