"""The form's steps: field-level errors keep what was typed; one request per person."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import RegistrationRequest, Specialty
from tests.factories import UserFactory
from tests.registrations.conftest import IDENTITY, step_url, studies

pytestmark = pytest.mark.django_db


def test_des_specialties_are_seeded_and_the_students_hub_links_here(client):
    names = set(Specialty.objects.values_list("name", flat=True))
    assert len(names) >= 40
    assert {"Médecine générale", "Anesthésie-réanimation", "Psychiatrie", "Pédiatrie"} <= names
    page = client.get(reverse("hub_etudiants")).content.decode()
    assert "Faire ma première inscription" in page
    assert 'href="/etudiants/inscription/"' in page


def test_missing_fields_get_french_errors_next_to_them_and_keep_what_was_typed(
    applicant_client,
):
    response = applicant_client.post(
        step_url("identite"), {"last_name": "Lefèvre", "birth_date": "31/02/1998"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Lefèvre"' in page
    assert 'value="31/02/1998"' in page
    assert "Ce champ est obligatoire." in page
    assert "Indiquez une date au format jj/mm/aaaa." in page
    assert 'aria-describedby="id_first_name_error"' in page
    assert 'aria-invalid="true"' in page
    assert RegistrationRequest.objects.get().last_name == ""


def test_unknown_step_is_404(applicant_client):
    assert applicant_client.get(step_url("paiement")).status_code == 404


def test_each_step_is_saved_so_nothing_is_lost_on_return(applicant_client, applicant):
    applicant_client.post(step_url("identite"), IDENTITY)
    page = applicant_client.get(step_url("identite")).content.decode()
    assert 'value="Camille"' in page
    registration = RegistrationRequest.objects.get(user=applicant)
    assert registration.birth_date == datetime.date(1998, 3, 14)
    # Starting again reopens the same draft.
    applicant_client.post(reverse("registrations:start"))
    assert RegistrationRequest.objects.filter(user=applicant).count() == 1


def test_second_request_for_the_same_person_is_refused_pointing_to_the_first(applicant_client, db):
    applicant_client.post(step_url("identite"), IDENTITY)
    other = UserFactory.create(email="camille.autre@exemple.test")
    client = Client()
    client.force_login(other, backend="accounts.auth_backends.PortalAuthenticationBackend")
    response = client.post(
        step_url("identite"), {**IDENTITY, "last_name": "LEFÈVRE", "first_name": "camille"}
    )
    assert response.status_code == 400
    assert "Une demande existe déjà" in response.content.decode()
    assert "compte qui l’a créée" in response.content.decode()
    assert not RegistrationRequest.objects.filter(user=other, last_name__iexact="lefèvre").exists()


def test_submitted_request_cannot_be_edited(applicant_client, complete_draft):
    complete_draft.status = "submitted"
    complete_draft.save()
    response = applicant_client.post(step_url("etudes"), {**studies(), "department": "75"})
    assert response["Location"] == reverse("registrations:status")
    complete_draft.refresh_from_db()
    assert complete_draft.department == "69"
    response = applicant_client.post(
        reverse("registrations:upload"), {"kind": "identity"}, follow=True
    )
    assert "ne peut plus être modifiée" in response.content.decode()


def test_incomplete_request_cannot_be_sent(applicant_client, applicant):
    applicant_client.post(step_url("identite"), IDENTITY)
    response = applicant_client.post(reverse("registrations:submit"), follow=True)
    page = response.content.decode()
    assert "Votre demande est incomplète" in page
    assert "université" in page
    assert "Pièce d’identité" in page
    assert RegistrationRequest.objects.get(user=applicant).status == "draft"


def test_status_page_without_request_sends_to_start(applicant_client):
    assert applicant_client.get(reverse("registrations:status"))["Location"] == reverse(
        "registrations:start"
    )


def test_inactive_specialty_is_not_offered(applicant_client):
    retired = Specialty.objects.get(name="Allergologie")
    retired.is_active = False
    retired.save()
    page = applicant_client.get(step_url("etudes")).content.decode()
    assert "Allergologie" not in page
    response = applicant_client.post(
        step_url("etudes"), {**studies(), "specialty": str(retired.pk)}
    )
    assert "Choisissez une spécialité de la liste." in response.content.decode()
