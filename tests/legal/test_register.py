"""The register of processing in admin: staff with MFA only, from the same declarations."""

import pytest
from django.urls import reverse

from legal.processing import processing_list
from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/legal/processingregister/"


def test_register_lists_every_processing_like_the_public_page(staff_client, client, shipped_guides):
    assert reverse("admin:legal_processingregister_changelist") == URL
    register = staff_client.get(URL).content.decode()
    public = client.get(reverse("legal:personal_data")).content.decode()
    for processing in processing_list():
        for text in (processing.name, processing.purpose, processing.retention):
            assert text in register
            assert text in public
        assert f"<code>{processing.key}</code>" in register
        for label in processing.models:
            assert f"<code>{label}</code>" in register
    assert "Purge automatique" in register
    assert "Déclaration d’accessibilité" in register  # the editable legal sheets are linked


def test_admin_index_shows_the_register_section(staff_client):
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "Informations légales et données personnelles" in index
    assert URL in index


def test_register_is_read_only(staff_client):
    assert staff_client.get(URL + "add/").status_code in (403, 404, 302)


def test_register_refuses_anonymous_and_non_staff(client):
    assert client.get(URL).status_code == 302
    user = UserFactory.create(email="medecin@exemple.test")
    force_mfa_login(client, user)
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/" not in response["Location"] or "login" in response["Location"]


def test_staff_without_the_permission_is_refused(client):
    staff = UserFactory.create(email="agent@ordre.test", is_staff=True)
    force_mfa_login(client, staff)
    assert client.get(URL).status_code == 403
