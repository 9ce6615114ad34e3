"""The issue's "Done when" path, through the pages people use, from sign-up to claimed account."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from registrations.models import DocumentAccess, RegistrationRequest, StatusChange
from roll.models import Doctor, DoctorStatus
from roll.rpps import luhn_check_digit
from tests.registrations.conftest import CONTACT, IDENTITY, JPEG, PDF, PNG, step_url, studies

pytestmark = pytest.mark.django_db

RPPS = "1012345678" + luhn_check_digit("1012345678")


def upload(client: Client, kind: str, name: str, content: bytes):
    return client.post(
        reverse("registrations:upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_student_registers_staff_ask_approve_and_student_claims(
    applicant, applicant_client, staff_client, django_capture_on_commit_callbacks
):
    anonymous = Client().get(reverse("registrations:start"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert "next=/etudiants/inscription/" in anonymous["Location"]

    client = applicant_client
    response = client.post(reverse("registrations:start"))
    assert response["Location"] == step_url("identite")
    assert client.post(step_url("identite"), IDENTITY)["Location"] == step_url("etudes")
    assert client.post(step_url("etudes"), studies())["Location"] == step_url("coordonnees")
    assert client.post(step_url("coordonnees"), CONTACT)["Location"] == step_url("documents")

    page = client.get(step_url("documents")).content.decode()
    assert "Pièce d’identité" in page
    assert upload(client, "identity", "carte.jpg", JPEG).status_code == 302
    assert upload(client, "studies", "certificat.pdf", PDF).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registrations:submit"))
    assert response["Location"] == reverse("registrations:status")
    registration = RegistrationRequest.objects.get(user=applicant)
    assert registration.status == "submitted"
    assert mail.outbox[-1].to == [applicant.email]
    assert "bien reçu votre demande" in mail.outbox[-1].body

    # Staff ask for one more document.
    admin_url = reverse("admin:registrations_registrationrequest_changelist")
    listing = staff_client.get(admin_url, {"status__exact": "submitted", "departement": "69"})
    assert "Lefèvre" in listing.content.decode()
    decision_url = reverse("admin:registrations_decision", args=[registration.pk])
    assert staff_client.get(decision_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            decision_url,
            {"message": "Votre attestation d’affectation en stage.", "_request_documents": "1"},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "documents_requested"
    assert "attestation d’affectation en stage" in mail.outbox[-1].body

    # The student reads the message and adds the document.
    status_page = client.get(reverse("registrations:status")).content.decode()
    assert "attestation d’affectation en stage" in status_page
    response = upload(client, "other", "affectation.png", PNG)
    assert response["Location"] == reverse("registrations:status")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:submit"))
    registration.refresh_from_db()
    assert registration.status == "submitted"

    # Staff open a document (logged) and approve with the intern's RPPS.
    document = registration.documents.get(kind="other")
    download_url = reverse(
        "admin:registrations_document_download", args=[registration.pk, document.pk]
    )
    response = staff_client.get(download_url)
    assert b"".join(response.streaming_content) == PNG
    assert DocumentAccess.objects.filter(document=document).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decision_url, {"rpps": RPPS, "_approve": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "approved"
    doctor = Doctor.objects.get(rpps=RPPS)
    assert doctor.status == DoctorStatus.ACTIVE
    assert doctor.email == CONTACT["email"]
    assert doctor.specialty == "Médecine générale"
    assert doctor.department == "69"
    assert RPPS in mail.outbox[-1].body
    assert reverse("claim_start") in mail.outbox[-1].body
    assert list(
        StatusChange.objects.filter(request=registration).values_list("to_status", flat=True)
    ) == ["submitted", "documents_requested", "submitted", "approved"]

    # The student claims a doctor account with the emailed code.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("claim_start"), {"rpps": RPPS})
    message = mail.outbox[-1]
    assert message.to == [CONTACT["email"]]
    match = re.search(r"code d’activation\u00a0: (\d{4}) (\d{4})", message.body)
    assert match
    response = client.post(reverse("claim_confirm"), {"code": match.group(1) + match.group(2)})
    assert response["Location"] == reverse("doctor_space")
    applicant.refresh_from_db()
    assert applicant.doctor == doctor
