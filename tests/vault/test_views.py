"""The doctor's vault pages: access rules, upload, list, edit, download, trash, log, export."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory
from tests.vault.conftest import PDF, PNG, stored_objects
from vault import services
from vault.models import AccessAction, AccessLogEntry, Document
from vault.services import AccessContext

pytestmark = pytest.mark.django_db
CTX = AccessContext()


def upload(client, *files, **fields):
    data = {"files": list(files), **fields}
    return client.post(reverse("vault:upload"), data, follow=True)


def pdf(name="attestation.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def messages_text(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("vault:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_doctor_without_mfa_is_sent_to_set_it_up(db):
    user = UserFactory.create(with_doctor=True)
    client = Client()
    client.force_login(user, backend="accounts.auth_backends.PortalAuthenticationBackend")
    response = client.get(reverse("vault:index"), follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_index"), 302)
    assert "double authentification" in messages_text(response)
    # Nor can a file go in by posting directly.
    response = client.post(reverse("vault:upload"), {"files": [pdf()]})
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_unclaimed_user_is_sent_to_claim(db):
    from tests.auth_helpers import enable_totp
    from tests.factories import UserFactory

    user = UserFactory.create(email="sans-rpps@exemple.test")
    enable_totp(user)
    client = Client()
    force_mfa_login(client, user)
    response = client.get(reverse("vault:index"))
    assert response["Location"] == reverse("claim_start")


def test_upload_several_files_list_and_usage(doctor_client, doctor_user, vault_root):
    response = upload(doctor_client, pdf("diplôme.pdf"), SimpleUploadedFile("scan.png", PNG))
    assert response.status_code == 200
    assert "2 documents ont bien été déposés" in messages_text(response)
    names = sorted(
        Document.objects.filter(owner=doctor_user).values_list("display_name", flat=True)
    )
    assert names == ["diplôme.pdf", "scan.png"]
    assert len(stored_objects(vault_root)) == 2
    page = response.content.decode()
    assert "diplôme.pdf" in page
    assert "scan.png" in page
    assert "Espace utilisé" in page
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_upload_refusals_are_explained_and_leave_nothing(doctor_client, settings, vault_root):
    settings.VAULT_MAX_FILE_BYTES = 2000
    response = upload(
        doctor_client,
        pdf("programme.pdf", b"MZ\x90\x00" + b"\x00" * 500),
        pdf("gros.pdf", b"%PDF-" + b"x" * 5000),
        pdf("vide.pdf", b""),
        pdf("bon.pdf"),
    )
    text = messages_text(response)
    assert "« programme.pdf » n’est pas d’un type accepté" in text
    assert "« gros.pdf » dépasse la taille maximale" in text
    assert "vide.pdf" in text
    assert "Votre document a bien été déposé" in text
    assert list(Document.objects.values_list("display_name", flat=True)) == ["bon.pdf"]
    assert len(stored_objects(vault_root)) == 1


def test_quota_exceeded_on_upload(doctor_client, settings, vault_root):
    settings.VAULT_QUOTA_BYTES = len(PDF) + 100
    response = upload(doctor_client, pdf("un.pdf"), pdf("deux.pdf"))
    assert "espace de votre coffre serait dépassé" in messages_text(response)
    assert Document.objects.count() == 1
    assert len(stored_objects(vault_root)) == 1


def test_upload_without_csrf_token_is_refused_and_leaves_nothing(doctor_user, vault_root):
    client = Client(enforce_csrf_checks=True)
    force_mfa_login(client, doctor_user)
    response = client.post(reverse("vault:upload"), {"files": [pdf()]})
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert stored_objects(vault_root) == []


def test_path_traversal_and_control_characters_in_names(doctor_client, vault_root):
    upload(doctor_client, pdf("../../../etc/cron.d/x\x07\u202e.pdf"))
    document = Document.objects.get()
    assert document.display_name == "x.pdf"
    assert stored_objects(vault_root) == [document.storage_name]


def test_upload_with_folder_and_expiry(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Assurances")
    upload(doctor_client, pdf(), folder=folder.pk, expires_on="2031-05-01")
    document = Document.objects.get()
    assert document.folder == folder
    assert str(document.expires_on) == "2031-05-01"


def test_search_sort_and_folder_filter(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Contrats")
    for name in ["bail.pdf", "assurance.pdf", "contrat-cabinet.pdf"]:
        services.document_store_chunks(owner=doctor_user, file_name=name, chunks=[PDF], ctx=CTX)
    Document.objects.filter(display_name="bail.pdf").update(folder=folder)
    page = doctor_client.get(reverse("vault:index"), {"q": "ASSUR"}).content.decode()
    assert "assurance.pdf" in page
    assert "bail.pdf" not in page
    page = doctor_client.get(reverse("vault:index"), {"tri": "-nom"}).content.decode()
    assert page.index("contrat-cabinet.pdf") < page.index("bail.pdf") < page.index("assurance.pdf")
    page = doctor_client.get(reverse("vault:index"), {"dossier": folder.pk}).content.decode()
    assert "bail.pdf" in page
    assert "assurance.pdf" not in page


def test_rename_and_move(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Diplômes")
    document = services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX
    )
    url = reverse("vault:document", args=[document.pk])
    assert doctor_client.get(url).status_code == 200
    response = doctor_client.post(
        url, {"display_name": "Thèse de médecine.pdf", "folder": folder.pk, "expires_on": ""}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.display_name == "Thèse de médecine.pdf"
    assert document.folder == folder
    response = doctor_client.post(url, {"display_name": "", "folder": ""})
    assert response.status_code == 200
    assert "Indiquez un nom pour ce document." in response.content.decode()


def test_download_headers_and_content(doctor_client, doctor_user):
    content = b"%PDF-1.5\n" + bytes(range(256)) * 1000
    document = services.document_store_chunks(
        owner=doctor_user, file_name="Relevé d'assurance ; été.pdf", chunks=[content], ctx=CTX
    )
    response = doctor_client.get(reverse("vault:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Relev%C3%A9%20d%27assurance%20%3B%20%C3%A9t%C3%A9.pdf" in disposition
    assert AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD, document=document).exists()


def test_download_of_tampered_document_stops_and_is_logged(doctor_client, doctor_user, vault_root):
    from vault.streams import IntegrityFailure

    document = services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX
    )
    path = vault_root / document.storage_name
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x40
    path.write_bytes(bytes(data))
    response = doctor_client.get(reverse("vault:download", args=[document.pk]))
    with pytest.raises(IntegrityFailure):
        b"".join(response.streaming_content)
    assert AccessLogEntry.objects.filter(action=AccessAction.INTEGRITY_FAILURE).exists()


def test_trash_and_restore(doctor_client, doctor_user):
    document = services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX
    )
    doctor_client.post(reverse("vault:trash_document", args=[document.pk]))
    document.refresh_from_db()
    assert document.is_trashed
    page = doctor_client.get(reverse("vault:trash")).content.decode()
    assert "a.pdf" in page
    # A trashed document cannot be downloaded until restored.
    assert doctor_client.get(reverse("vault:download", args=[document.pk])).status_code == 404
    doctor_client.post(reverse("vault:restore", args=[document.pk]))
    document.refresh_from_db()
    assert not document.is_trashed


def test_journal_lists_every_action(doctor_client, doctor_user):
    upload(doctor_client, pdf("journal.pdf"))
    document = Document.objects.get()
    doctor_client.get(reverse("vault:download", args=[document.pk]))
    doctor_client.post(reverse("vault:trash_document", args=[document.pk]))
    page = doctor_client.get(reverse("vault:journal")).content.decode()
    for label in ["Dépôt", "Téléchargement", "Mise à la corbeille", "Consultation de la liste"]:
        assert label in page
    assert "journal.pdf" in page
    assert "127.0.0.1" in page


def test_export_zip_with_manifest(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Contrats")
    first = services.document_store_chunks(
        owner=doctor_user, file_name="bail.pdf", chunks=[PDF], ctx=CTX, folder=folder
    )
    services.document_store_chunks(owner=doctor_user, file_name="scan.png", chunks=[PNG], ctx=CTX)
    services.document_store_chunks(
        owner=doctor_user, file_name="scan.png", chunks=[PNG + b"2"], ctx=CTX
    )
    trashed = services.document_store_chunks(
        owner=doctor_user, file_name="vieux.pdf", chunks=[PDF], ctx=CTX
    )
    services.document_trash(document=trashed, ctx=CTX)
    response = doctor_client.get(reverse("vault:export"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        "Contrats/bail.pdf",
        "manifest.json",
        "scan (2).png",
        "scan.png",
    ]
    assert archive.read("Contrats/bail.pdf") == PDF
    manifest = json.loads(archive.read("manifest.json"))
    entry = next(d for d in manifest["documents"] if d["path"] == "Contrats/bail.pdf")
    assert entry["sha256"] == first.sha256
    assert entry["folder"] == "Contrats"
    assert entry["size"] == len(PDF)
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_folder_delete_keeps_documents(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Temp")
    services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX, folder=folder
    )
    doctor_client.post(reverse("vault:folder_delete", args=[folder.pk]))
    assert Document.objects.get().folder is None


def test_folder_create(doctor_client, doctor_user):
    response = doctor_client.post(reverse("vault:folder_create"), {"name": "Diplômes"}, follow=True)
    assert "Le dossier « Diplômes » a été créé." in messages_text(response)


def test_another_doctor_gets_404_on_every_url(doctor_user, vault_root):
    folder = services.folder_create(owner=doctor_user, name="Privé")
    document = services.document_store_chunks(
        owner=doctor_user, file_name="secret.pdf", chunks=[PDF], ctx=CTX, folder=folder
    )
    trashed = services.document_store_chunks(
        owner=doctor_user, file_name="t.pdf", chunks=[PDF], ctx=CTX
    )
    services.document_trash(document=trashed, ctx=CTX)
    intruder = UserFactory.create(with_doctor=True, with_totp=True)
    client = Client()
    force_mfa_login(client, intruder)
    gets = [
        reverse("vault:document", args=[document.pk]),
        reverse("vault:download", args=[document.pk]),
        f"{reverse('vault:index')}?dossier={folder.pk}",
    ]
    posts = [
        reverse("vault:document", args=[document.pk]),
        reverse("vault:trash_document", args=[document.pk]),
        reverse("vault:restore", args=[trashed.pk]),
        reverse("vault:folder_delete", args=[folder.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"display_name": "x"}).status_code == 404, url
    # Their own pages show nothing of the other doctor's vault.
    for url in [reverse("vault:index"), reverse("vault:trash"), reverse("vault:journal")]:
        page = client.get(url).content.decode()
        assert "secret.pdf" not in page
        assert "Privé" not in page
        assert "t.pdf" not in page
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(reverse("vault:export")).streaming_content))
    )
    assert archive.namelist() == ["manifest.json"]
    document.refresh_from_db()
    assert document.display_name == "secret.pdf"
    assert not document.is_trashed
    assert Document.objects.filter(pk=trashed.pk, trashed_at__isnull=False).exists()


def test_doctor_space_shows_the_vault_section(doctor_client):
    page = doctor_client.get(reverse("doctor_space")).content.decode()
    assert "Mon coffre-fort numérique" in page
    assert reverse("vault:index") in page


def test_pages_have_no_inline_script_or_style(doctor_client, doctor_user):
    services.document_store_chunks(owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX)
    document = Document.objects.get()
    for url in [
        reverse("vault:index"),
        reverse("vault:trash"),
        reverse("vault:journal"),
        reverse("vault:document", args=[document.pk]),
    ]:
        page = doctor_client.get(url).content.decode()
        assert "style=" not in page
        assert "<style" not in page
        assert "<script>" not in page


def test_admin_shows_metadata_never_content(doctor_user, db):
    from tests.factories import UserFactory

    staff = UserFactory.create(email="equipe@ordre.test", staff=True)
    from tests.auth_helpers import enable_totp

    enable_totp(staff)
    document = services.document_store_chunks(
        owner=doctor_user, file_name="secret.pdf", chunks=[PDF], ctx=CTX
    )
    client = Client()
    force_mfa_login(client, staff)
    listing = client.get(reverse("admin:vault_document_changelist"))
    assert listing.status_code == 200
    assert "secret.pdf" in listing.content.decode()
    detail = client.get(reverse("admin:vault_document_change", args=[document.pk])).content.decode()
    assert document.sha256 in detail
    assert document.storage_name not in detail
    assert "attestation" not in detail
    assert (
        client.post(reverse("admin:vault_document_delete", args=[document.pk])).status_code == 403
    )


def test_upload_writes_no_plaintext_temp_file(
    doctor_client, doctor_user, settings, tmp_path, vault_root
):
    # Django's own handlers would spool a large upload to FILE_UPLOAD_TEMP_DIR in clear.
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    marker = b"CONFIDENTIEL-" * 1000
    content = b"%PDF-1.7\n" + marker * 300  # about 4 MB
    upload(doctor_client, pdf("gros.pdf", content))
    document = Document.objects.get()
    assert document.size == len(content)
    assert list(spool.iterdir()) == []
    for path in vault_root.rglob("*"):
        if path.is_file():
            assert b"CONFIDENTIEL" not in path.read_bytes()


def test_export_stops_at_a_tampered_document_and_logs_it(doctor_client, doctor_user, vault_root):
    from vault.streams import IntegrityFailure

    services.document_store_chunks(owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX)
    bad = services.document_store_chunks(
        owner=doctor_user, file_name="b.pdf", chunks=[PDF], ctx=CTX
    )
    path = vault_root / bad.storage_name
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x10
    path.write_bytes(bytes(data))
    response = doctor_client.get(reverse("vault:export"))
    with pytest.raises(IntegrityFailure):
        b"".join(response.streaming_content)
    entry = AccessLogEntry.objects.get(action=AccessAction.INTEGRITY_FAILURE)
    assert entry.document == bad


def test_upload_by_script_gets_the_next_address_and_keeps_the_messages(doctor_client):
    response = doctor_client.post(
        reverse("vault:upload"), {"files": [pdf()]}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 200
    assert response.json() == {"location": reverse("vault:index")}
    page = doctor_client.get(response.json()["location"])
    assert "Votre document a bien été déposé" in messages_text(page)
