"""Documents: checked by content, size-limited, encrypted at rest like the vault, owner-scoped."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registrations.models import DocumentAccess, RegistrationDocument, RegistrationRequest
from tests.factories import UserFactory
from tests.registrations.conftest import PDF, PNG, add_document
from vault.services import orphans_cleanup

pytestmark = pytest.mark.django_db


def stored(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, kind, name, content):
    return client.post(
        reverse("registrations:upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_document_is_encrypted_at_rest_under_its_own_prefix(
    applicant_client, applicant, vault_root
):
    response = upload(applicant_client, "identity", "passeport.png", PNG)
    assert response.status_code == 302
    document = RegistrationDocument.objects.get()
    assert document.storage_name.startswith("registrations/v1/")
    assert document.content_type == "image/png"
    (path,) = stored(vault_root)
    raw = path.read_bytes()
    assert raw.startswith(b"OMVF")
    assert PNG[50:150] not in raw


def test_vault_orphan_cleanup_leaves_registration_documents(complete_draft, vault_root):
    later = timezone.now() + datetime.timedelta(days=30)
    orphans_cleanup(now=later)
    assert len(stored(vault_root)) == 2


def test_wrong_type_is_refused_by_content_and_nothing_kept(applicant_client, vault_root):
    disguised = b"MZ\x90\x00" + b"\x00" * 500
    response = upload(applicant_client, "identity", "carte.pdf", disguised)
    assert response.status_code == 400
    page = response.content.decode()
    assert "n’est pas d’un type accepté" in page
    assert "PDF, JPEG, PNG" in page
    assert RegistrationDocument.objects.count() == 0
    assert stored(vault_root) == []


def test_docx_accepted_by_the_vault_is_refused_here(applicant_client, vault_root):
    docx = b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml word/document.xml" + b"\x00" * 200
    response = upload(applicant_client, "studies", "certificat.docx", docx)
    assert response.status_code == 400
    assert RegistrationDocument.objects.count() == 0


def test_too_large_is_refused(applicant_client, settings, vault_root):
    settings.REGISTRATIONS_MAX_FILE_BYTES = 2000
    response = upload(applicant_client, "studies", "gros.pdf", b"%PDF-" + b"x" * 5000)
    assert response.status_code == 400
    assert "dépasse la taille maximale" in response.content.decode()
    assert stored(vault_root) == []


def test_ten_mebibytes_limit_by_default(settings):
    assert settings.REGISTRATIONS_MAX_FILE_BYTES == 10 * 1024 * 1024


def test_missing_file_or_kind_is_explained(applicant_client):
    response = applicant_client.post(reverse("registrations:upload"), {"kind": "identity"})
    assert "Choisissez un fichier à déposer." in response.content.decode()
    response = upload(applicant_client, "", "carte.pdf", PDF)
    assert "Choisissez la nature du document." in response.content.decode()


def test_draft_document_can_be_removed_by_its_owner_only(
    applicant_client, complete_draft, vault_root
):
    document = complete_draft.documents.first()
    other = UserFactory.create(email="intrus@exemple.test")
    intruder = Client()
    intruder.force_login(other, backend="accounts.auth_backends.PortalAuthenticationBackend")
    url = reverse("registrations:document_delete", args=[document.pk])
    assert intruder.post(url).status_code == 404
    assert applicant_client.post(url).status_code == 302
    assert not RegistrationDocument.objects.filter(pk=document.pk).exists()


def test_submitted_documents_cannot_be_removed(applicant_client, complete_draft):
    complete_draft.status = "submitted"
    complete_draft.save()
    document = complete_draft.documents.first()
    applicant_client.post(reverse("registrations:document_delete", args=[document.pk]))
    assert RegistrationDocument.objects.filter(pk=document.pk).exists()


def test_only_staff_open_documents_and_each_opening_is_logged(
    applicant_client, staff_client, complete_draft
):
    document = complete_draft.documents.first()
    url = reverse("admin:registrations_document_download", args=[complete_draft.pk, document.pk])
    assert applicant_client.get(url).status_code == 302  # sent to the admin login
    response = staff_client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    access = DocumentAccess.objects.get()
    assert access.document == document
    wrong = reverse(
        "admin:registrations_document_download", args=[complete_draft.pk + 1, document.pk]
    )
    assert staff_client.get(wrong).status_code == 404


def test_applicant_sees_only_their_own_request(applicant_client, complete_draft, db):
    other = UserFactory.create(email="autre@exemple.test")
    add_document(RegistrationRequest.objects.create(user=other), "identity")
    client = Client()
    client.force_login(other, backend="accounts.auth_backends.PortalAuthenticationBackend")
    page = client.get(reverse("registrations:status")).content.decode()
    assert "identity.pdf" in page
    assert "Lefèvre" not in page


def test_anonymous_upload_stores_nothing(client, vault_root):
    response = upload(client, "identity", "carte.pdf", PDF)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert stored(vault_root) == []


def test_staff_opening_without_a_usable_client_address_is_logged_without_one(
    staff_client, complete_draft
):
    # Behind a proxy on a Unix socket there is no client address: the opening is still logged.
    document = complete_draft.documents.first()
    url = reverse("admin:registrations_document_download", args=[complete_draft.pk, document.pk])
    response = staff_client.get(url, REMOTE_ADDR="")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert DocumentAccess.objects.get().ip_address is None
