"""Pages that used to stop at "adressez-vous à votre conseil départemental" now link to it."""

import pytest
from django.urls import reverse

from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_doctor_space_links_to_the_doctors_own_council(client):
    doctor = DoctorFactory.create(department="2A")
    client.force_login(UserFactory.create(doctor=doctor))
    html = client.get(reverse("doctor_space")).content.decode()
    assert html.count('href="/conseils/2A/"') >= 1


def test_unknown_attestation_links_to_the_councils_list(client):
    html = client.get(reverse("cotisations:verify", args=["INCONNU"])).content.decode()
    assert f'href="{reverse("councils:list")}"' in html


def test_password_reset_page_links_to_the_contact_form(client):
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert f'href="{reverse("contact:form")}?sujet=autre"' in response.content.decode()


def test_claim_confirm_links_to_the_contact_form_about_registration(client):
    client.force_login(UserFactory.create())
    html = client.get(reverse("claim_confirm")).content.decode()
    assert f'href="{reverse("contact:form")}?sujet=inscription"' in html
