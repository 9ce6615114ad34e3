"""GET /api/v1/me/: who am I, by session or personal token, and in the OpenAPI schema."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.services.tokens import api_token_create, api_token_revoke
from tests.auth_helpers import enable_totp
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

ME_URL = reverse("api_me")


@pytest.fixture
def claire_martin():
    """Dr Claire Martin on the roll, whose fields /me/ returns once claimed."""
    return DoctorFactory.create(
        first_name="Claire", last_name="Martin", email="c.martin@tableau.test"
    )


@pytest.fixture
def claimed(claire_martin):
    return UserFactory.create(
        email="claire@exemple.test", first_name="Claire", last_name="Martin", doctor=claire_martin
    )


def test_anonymous_is_refused(client):
    response = client.get(ME_URL)
    assert response.status_code in (401, 403)
    assert "email" not in response.json()


def test_session_user_without_a_doctor(client):
    user = UserFactory.create(email="jean@exemple.test", first_name="Jean", last_name="Dupont")
    client.force_login(user)

    response = client.get(ME_URL)

    assert response.status_code == 200
    assert response.json() == {
        "email": "jean@exemple.test",
        "first_name": "Jean",
        "last_name": "Dupont",
        "is_staff": False,
        "mfa_enabled": False,
        "doctor": None,
    }


def test_session_user_with_a_doctor_gets_their_roll_entry(client, claimed, claire_martin):
    DoctorFactory.create()  # someone else on the roll
    client.force_login(claimed)

    body = client.get(ME_URL).json()

    assert body["email"] == "claire@exemple.test"
    assert body["doctor"]["rpps"] == claire_martin.rpps
    assert body["doctor"]["last_name"] == "Martin"
    assert body["doctor"]["status"] == "active"
    assert body["doctor"]["status_label"] == "En activité"
    assert body["doctor"]["registered_on"] == claire_martin.registered_on.isoformat()
    assert body["doctor"]["email"] == "c.martin@tableau.test"


def test_mfa_status_is_reported(client, claimed):
    enable_totp(claimed)
    client.force_login(claimed)
    assert client.get(ME_URL).json()["mfa_enabled"] is True


def test_token_authentication(client, claimed, claire_martin):
    token = api_token_create(user=claimed)
    UserFactory.create(email="autre@exemple.test")

    response = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    assert response.json()["email"] == "claire@exemple.test"
    assert response.json()["doctor"]["rpps"] == claire_martin.rpps


def test_unknown_or_revoked_token_is_refused(client, claimed):
    token = api_token_create(user=claimed)
    api_token_revoke(user=claimed)

    response = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    # 403 rather than 401: session authentication comes first and sends no challenge header.
    assert response.status_code in (401, 403)
    assert "email" not in response.json()
    assert not Token.objects.filter(user=claimed).exists()


def test_session_needs_csrf_for_unsafe_methods_but_a_token_does_not(claimed):
    session_client = Client(enforce_csrf_checks=True)
    session_client.force_login(claimed)
    response = session_client.post(ME_URL, {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

    token = api_token_create(user=claimed)
    token_client = Client(enforce_csrf_checks=True)
    response = token_client.post(ME_URL, {}, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 405  # authenticated; the endpoint is read-only


def test_me_is_in_the_openapi_schema(client):
    response = client.get(reverse("api_schema"), {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/me/"]["get"]
    assert operation["operationId"] == "me_retrieve"
    me_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    me = schema["components"]["schemas"][me_ref.rsplit("/", 1)[1]]
    assert me["properties"]["mfa_enabled"]["type"] == "boolean"
    assert set(me["required"]) >= {"email", "mfa_enabled", "doctor"}
    assert any(
        scheme.get("scheme") == "token" or "token" in name.lower()
        for name, scheme in schema["components"]["securitySchemes"].items()
    )
