"""The session's user, its roll entry and its second-factor flag come in one query."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.auth_backends import PortalAuthenticationBackend
from accounts.selectors import user_doctor
from roll.models import Doctor
from tests.auth_helpers import login_with_password, login_with_totp, totp_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_query_brings_the_user_its_roll_entry_and_its_second_factor(doctor_user):
    assert Authenticator.objects.filter(user=doctor_user).exists()
    backend = PortalAuthenticationBackend()
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(doctor_user.pk)
        assert user is not None
        assert user_doctor(user=user) == doctor_user.doctor
        assert is_mfa_enabled(user) is True
    assert len(queries) == 1


def test_a_user_without_second_factor_or_roll_entry_is_read_as_such():
    user = PortalAuthenticationBackend().get_user(UserFactory().pk)
    assert user is not None
    assert is_mfa_enabled(user) is False
    assert user_doctor(user=user) is None


def test_typed_questions_and_other_user_objects_still_ask_the_database(doctor_user):
    """allauth asks by type (« has a TOTP? »), and a user object not loaded for this request
    may hold an old relation: both read the database."""
    user = PortalAuthenticationBackend().get_user(doctor_user.pk)
    assert is_mfa_enabled(user, [Authenticator.Type.WEBAUTHN]) is False
    assert is_mfa_enabled(user, [Authenticator.Type.TOTP]) is True
    Doctor.objects.filter(pk=doctor_user.doctor_id).update(last_name="Nouveaunom")
    assert user_doctor(user=doctor_user).last_name == "Nouveaunom"


def test_an_inactive_user_has_no_session_user(doctor_user):
    doctor_user.is_active = False
    doctor_user.save(update_fields=["is_active"])
    assert PortalAuthenticationBackend().get_user(doctor_user.pk) is None
    assert PortalAuthenticationBackend().get_user(0) is None


def test_login_forms_use_it_for_the_session(client, doctor_user):
    secret = totp_secret(doctor_user)  # the fixture's doctor has TOTP on
    response = login_with_totp(client, doctor_user.email, secret)
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == (
        "accounts.auth_backends.PortalAuthenticationBackend"
    )
    assert client.get("/espace/").status_code == 200


def test_a_wrong_password_is_refused(client, doctor_user):
    response = login_with_password(client, doctor_user.email, "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
