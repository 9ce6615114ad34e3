"""The summary before sending: every answer and document, the missing ones linked to their field."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import DocumentKind, RegistrationRequest
from registrations.services import registration_submit
from tests.factories import RegistrationRequestFactory, UserFactory
from tests.registrations.conftest import step_url

pytestmark = pytest.mark.django_db

SUMMARY_URL = reverse("registrations:summary")


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


def test_summary_shows_every_answer_and_document_then_the_send_button(
    applicant_client, complete_draft
):
    response = applicant_client.get(SUMMARY_URL)

    assert response.status_code == 200
    page = text(response)
    for shown in (
        "Lefèvre",
        "Camille",
        "14 mars 1998",
        "Lyon (France)",
        "Université Claude Bernard Lyon 1",
        "Interne (troisième cycle)",
        "Médecine générale",
        "69 — Rhône",
        "0612345678",
        "3 rue Garibaldi",
        "identity.pdf",
        "studies.pdf",
    ):
        assert shown in page, shown
    assert "Non renseigné" not in page
    assert "Il manque encore" not in page
    assert f'action="{reverse("registrations:submit")}"' in response.content.decode()
    assert "Envoyer ma demande" in page


def test_missing_answers_and_documents_link_to_their_step_and_field(applicant, applicant_client):
    RegistrationRequest.objects.create(
        user=applicant, email=applicant.email, last_name="Lefèvre", first_name="Camille"
    )

    response = applicant_client.get(SUMMARY_URL)

    content = response.content.decode()
    page = text(response)
    assert "Il manque encore des éléments" in page
    for step, field in (
        ("identite", "birth_date"),
        ("identite", "civility"),
        ("etudes", "specialty"),
        ("etudes", "department"),
        ("coordonnees", "phone"),
    ):
        assert f'href="{step_url(step)}#id_{field}"' in content, field
    # Filled answers are shown, not linked as missing.
    assert f'href="{step_url("identite")}#id_last_name"' not in content
    assert "Lefèvre" in page
    assert f'href="{step_url("documents")}#id_kind"' in content
    assert "Document : Pièce d’identité" in page
    assert reverse("registrations:submit") not in content


def test_one_missing_document_is_the_only_thing_listed(applicant_client, complete_draft):
    complete_draft.documents.filter(kind=DocumentKind.STUDIES).delete()
    page = text(applicant_client.get(SUMMARY_URL))
    assert "Document : Certificat de scolarité ou diplôme" in page
    assert "Document : Pièce d’identité" not in page
    assert "Non renseigné" not in page


def test_sending_an_incomplete_request_comes_back_to_the_summary(applicant, applicant_client):
    RegistrationRequestFactory.create(user=applicant)
    response = applicant_client.post(reverse("registrations:submit"), follow=True)
    assert response.redirect_chain == [(SUMMARY_URL, 302)]
    assert "Votre demande est incomplète" in text(response)
    assert RegistrationRequest.objects.get(user=applicant).status == "draft"


def test_the_steps_lead_to_the_summary(applicant_client, complete_draft):
    content = applicant_client.get(step_url("documents")).content.decode()
    assert f'href="{SUMMARY_URL}"' in content
    assert "Récapitulatif et envoi" in content


def test_summary_of_a_sent_request_is_the_status_page(applicant, applicant_client, complete_draft):
    registration_submit(registration=complete_draft, actor=applicant)
    response = applicant_client.get(SUMMARY_URL)
    assert response["Location"] == reverse("registrations:status")


def test_summary_without_a_request_starts_one(applicant_client):
    assert applicant_client.get(SUMMARY_URL)["Location"] == reverse("registrations:start")


def test_summary_needs_login_and_shows_only_ones_own_request(complete_draft):
    assert Client().get(SUMMARY_URL)["Location"].startswith(reverse("account_login"))
    other = Client()
    other.force_login(
        UserFactory.create(email="autre@exemple.test"),
        backend="accounts.auth_backends.PortalAuthenticationBackend",
    )
    response = other.get(SUMMARY_URL)
    assert response["Location"] == reverse("registrations:start")
    assert not RegistrationRequest.objects.filter(user__email="autre@exemple.test").exists()
