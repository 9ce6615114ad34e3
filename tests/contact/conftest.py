"""Fixtures of the contact tests: a valid submission and a way to post it as a browser does."""

import pytest
from django.urls import reverse

FORM_URL = reverse("contact:form")


@pytest.fixture
def valid_data() -> dict[str, str]:
    return {
        "sujet": "cotisation",
        "departement": "69",
        "nom": "Claire Martin",
        "email": "claire.martin@exemple.test",
        "rpps": "",
        "message": "Bonjour, je souhaite régler ma cotisation en trois fois.",
        "site_web": "",
    }


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(data: dict[str, str], **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM_URL, data, **extra)

    return post
