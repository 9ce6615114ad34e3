"""Versions: offered on a same-name upload, kept (and counted), listed, restorable, deletable,
trashed and purged with their document; export and verification still right."""

import datetime
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.fixtures.vault import read
from tests.vault.conftest import PDF, stored_objects
from tests.vault.helpers import CTX, store
from vault import selectors, services, versions
from vault.models import AccessAction, AccessLogEntry, Document
from vault.streams import UploadRejected

pytestmark = pytest.mark.django_db

V1 = PDF
V2 = b"%PDF-1.7\n" + b"version deux " * 80 + b"\n%%EOF\n"
V3 = b"%PDF-1.7\n" + b"version trois " * 90 + b"\n%%EOF\n"


def chain(owner, *contents, name="diplome.pdf", **kwargs):
    """A document whose successive versions are `contents`; returns the current row."""
    current = store(owner, contents[0], name=name, **kwargs)
    for content in contents[1:]:
        new = store(owner, content, name=name, folder=current.folder)
        current = versions.version_add(document=new, existing=current, ctx=CTX)
    return current


def test_new_version_keeps_the_old_one_and_the_documents_metadata(doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Diplômes")
    first = store(doctor_user, V1, name="diplome.pdf", folder=folder)
    services.document_describe(document=first, description="Thèse", tags="these", ctx=CTX)
    second = store(doctor_user, V2, name="Diplome.pdf", folder=folder)
    current = versions.version_add(document=second, existing=first, ctx=CTX)
    assert current.pk == second.pk
    assert current.is_current
    assert current.display_name == "diplome.pdf"  # the document's name
    assert (current.description, current.tags, current.folder) == ("Thèse", "these", folder)
    (old,) = versions.version_list(document=current)
    assert old.pk == first.pk
    assert old.superseded_at is not None
    assert read(current) == V2
    assert read(old) == V1
    # Lists, search and totals see one document; the quota counts both.
    assert list(selectors.document_list(owner=doctor_user)) == [current]
    assert [d.pk for d in selectors.document_list(owner=doctor_user, search="these")] == [
        current.pk
    ]
    totals = selectors.vault_totals(owner=doctor_user)
    assert totals.kept == 1
    assert totals.usage.used == len(V1) + len(V2)
    assert AccessLogEntry.objects.filter(action=AccessAction.VERSION_ADD, document=current).exists()


def test_a_third_version_moves_every_earlier_one_under_it(doctor_user):
    current = chain(doctor_user, V1, V2, V3)
    older = list(versions.version_list(document=current))
    assert [read(v) for v in older] == [V2, V1]
    assert all(v.version_of_id == current.pk for v in older)


def test_new_version_keeps_its_own_expiry_or_inherits_the_documents(doctor_user):
    first = store(doctor_user, V1, expires_on=datetime.date(2027, 1, 1))
    second = store(doctor_user, V2)
    assert versions.version_add(document=second, existing=first, ctx=CTX).expires_on == (
        datetime.date(2027, 1, 1)
    )
    third = store(doctor_user, V3, expires_on=datetime.date(2028, 1, 1))
    assert versions.version_add(document=third, existing=second, ctx=CTX).expires_on == (
        datetime.date(2028, 1, 1)
    )


def test_version_add_refuses_what_cannot_be_joined(doctor_user, other_doctor_user):
    mine = store(doctor_user, V1)
    theirs = store(other_doctor_user, V2)
    with pytest.raises(ValidationError):
        versions.version_add(document=mine, existing=theirs, ctx=CTX)
    with pytest.raises(ValidationError):
        versions.version_add(document=mine, existing=mine, ctx=CTX)
    current = chain(doctor_user, V2, V3, name="b.pdf")
    (old,) = versions.version_list(document=current)
    with pytest.raises(ValidationError):  # an old version is not a document one can extend
        versions.version_add(document=mine, existing=old, ctx=CTX)
    services.document_trash(document=current, ctx=CTX)
    with pytest.raises(ValidationError):
        versions.version_add(document=mine, existing=current, ctx=CTX)


def test_restore_swaps_and_loses_nothing(doctor_user):
    current = chain(doctor_user, V1, V2, V3)
    services.document_rename(document=current, display_name="Diplôme de docteur.pdf", ctx=CTX)
    oldest = versions.version_list(document=current).last()
    restored = versions.version_restore(version=oldest, ctx=CTX)
    assert restored.pk == oldest.pk
    assert restored.is_current
    assert read(restored) == V1
    assert restored.display_name == "Diplôme de docteur.pdf"
    assert [read(v) for v in versions.version_list(document=restored)] == [V3, V2]
    assert selectors.document_list(owner=doctor_user, search="docteur").get() == restored
    assert AccessLogEntry.objects.filter(action=AccessAction.VERSION_RESTORE).count() == 1
    with pytest.raises(ValidationError):
        versions.version_restore(version=restored, ctx=CTX)


def test_delete_a_version_frees_its_space(
    doctor_user, vault_root, django_capture_on_commit_callbacks
):
    current = chain(doctor_user, V1, V2)
    (old,) = versions.version_list(document=current)
    name = old.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        assert versions.version_delete(version=old, ctx=CTX) == current
    assert not Document.objects.filter(pk=old.pk).exists()
    assert name not in stored_objects(vault_root)
    assert selectors.vault_usage(owner=doctor_user).used == len(V2)
    entry = AccessLogEntry.objects.get(action=AccessAction.VERSION_DELETE)
    assert entry.document == current


def test_versions_count_against_the_quota(doctor_user, settings):
    current = chain(doctor_user, V1, V2)
    settings.VAULT_QUOTA_BYTES = len(V1) + len(V2) + len(V3) - 1
    with pytest.raises(UploadRejected, match="espace de votre coffre serait dépassé"):
        store(doctor_user, V3, name=current.display_name)


def test_trash_and_purge_take_the_versions_along(
    doctor_user, vault_root, django_capture_on_commit_callbacks
):
    current = chain(doctor_user, V1, V2, V3)
    services.document_trash(document=current, ctx=CTX)
    assert list(selectors.document_list(owner=doctor_user, trashed=True)) == [current]
    assert selectors.vault_totals(owner=doctor_user).trashed == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.document_purge(document=current, ctx=CTX)
    assert not Document.objects.filter(owner=doctor_user).exists()
    assert stored_objects(vault_root) == []


def test_trash_purge_task_purges_versions(
    doctor_user, vault_root, django_capture_on_commit_callbacks
):
    current = chain(doctor_user, V1, V2)
    services.document_trash(document=current, ctx=CTX)
    Document.objects.filter(pk=current.pk).update(
        trashed_at=timezone.now() - datetime.timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.trash_purge_expired() == 1
    assert not Document.objects.exists()
    assert stored_objects(vault_root) == []


def test_export_has_current_versions_and_verify_reads_every_one(doctor_client, doctor_user):
    chain(doctor_user, V1, V2)
    response = doctor_client.get(reverse("vault:export"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["diplome.pdf", "manifest.json"]
    assert archive.read("diplome.pdf") == V2
    assert len(json.loads(archive.read("manifest.json"))["documents"]) == 1
    out = StringIO()
    call_command("vault_verify", stdout=out)
    assert "FAILED" not in out.getvalue()
    assert Document.objects.count() == 2


def test_upload_of_same_name_offers_a_new_version_then_accepting(doctor_client, doctor_user):
    store(doctor_user, V1, name="diplome.pdf")
    other_folder = services.folder_create(owner=doctor_user, name="Autres")
    store(doctor_user, V1, name="diplome.pdf", folder=other_folder)  # another folder: no offer
    response = doctor_client.post(
        reverse("vault:upload"),
        {"files": [SimpleUploadedFile("Diplome.pdf", V2, content_type="application/pdf")]},
        follow=True,
    )
    page = response.content.decode()
    assert "Un document du même nom existe déjà dans ce dossier" in page
    (offer,) = response.context["version_offers"]
    assert read(offer.new) == V2
    assert read(offer.existing) == V1
    assert "Enregistrer comme nouvelle version" in page
    response = doctor_client.post(
        reverse("vault:version_accept", args=[offer.new.pk, offer.existing.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("vault:document", args=[offer.new.pk])
    assert "Versions antérieures" in response.content.decode()
    assert not versions.version_offers(owner=doctor_user)


def test_keep_apart_ends_the_offer(doctor_client, doctor_user):
    store(doctor_user, V1, name="cv.pdf")
    new = store(doctor_user, V2, name="cv.pdf")
    assert versions.version_offers(owner=doctor_user)
    doctor_client.post(reverse("vault:keep_apart", args=[new.pk]))
    assert not versions.version_offers(owner=doctor_user)
    assert selectors.vault_totals(owner=doctor_user).kept == 2


def test_document_page_lists_versions_downloads_restores_and_deletes(doctor_client, doctor_user):
    current = chain(doctor_user, V1, V2)
    (old,) = versions.version_list(document=current)
    page = doctor_client.get(reverse("vault:document", args=[current.pk])).content.decode()
    assert "Rétablir" in page
    assert "Supprimer définitivement" in page
    response = doctor_client.get(reverse("vault:version_download", args=[current.pk, old.pk]))
    assert b"".join(response.streaming_content) == V1
    assert "no-store" in response["Cache-Control"]
    download = AccessLogEntry.objects.get(action=AccessAction.VERSION_DOWNLOAD)
    assert download.document_id == old.pk
    # The old version's download is in the document's journal.
    page = doctor_client.get(reverse("vault:document", args=[current.pk])).content.decode()
    assert "Téléchargement d’une version antérieure" in page

    response = doctor_client.post(
        reverse("vault:version_restore", args=[current.pk, old.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("vault:document", args=[old.pk])
    assert "est de nouveau la version actuelle" in response.content.decode()
    # The replaced one's old address leads to the document.
    response = doctor_client.get(reverse("vault:document", args=[current.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("vault:document", args=[old.pk])

    doctor_client.post(reverse("vault:version_delete", args=[old.pk, current.pk]))
    assert not Document.objects.filter(pk=current.pk).exists()
    # GET on an action goes back to the page, changing nothing.
    response = doctor_client.get(reverse("vault:version_restore", args=[old.pk, old.pk]))
    assert response.status_code == 302


def test_new_version_from_the_document_page(doctor_client, doctor_user, vault_root):
    current = store(doctor_user, V1, name="rcp.pdf")
    response = doctor_client.post(
        reverse("vault:upload"),
        {
            "files": [SimpleUploadedFile("rcp-2027.pdf", V2, content_type="application/pdf")],
            "version_of": str(current.pk),
        },
        follow=True,
    )
    new = Document.objects.get(owner=doctor_user, version_of__isnull=True)
    assert response.redirect_chain[-1][0] == reverse("vault:document", args=[new.pk])
    assert "La nouvelle version de « rcp.pdf » a été déposée." in response.content.decode()
    assert read(new) == V2
    assert new.display_name == "rcp.pdf"
    assert [v.pk for v in versions.version_list(document=new)] == [current.pk]


def test_new_version_of_another_doctors_document_is_404_and_stores_nothing(
    doctor_client, other_doctor_user, vault_root
):
    theirs = store(other_doctor_user, V1, name="rcp.pdf")
    before = stored_objects(vault_root)
    response = doctor_client.post(
        reverse("vault:upload"),
        {
            "files": [SimpleUploadedFile("rcp.pdf", V2, content_type="application/pdf")],
            "version_of": str(theirs.pk),
        },
    )
    assert response.status_code == 404
    assert stored_objects(vault_root) == before
    assert Document.objects.count() == 1


def test_api_lists_current_documents_and_counts_versions(doctor_user):
    current = chain(doctor_user, V1, V2)
    (old,) = versions.version_list(document=current)
    api = APIClient()
    api.force_authenticate(doctor_user)
    assert [d["id"] for d in api.get("/api/v1/vault/documents/").json()] == [str(current.pk)]
    assert api.get(f"/api/v1/vault/documents/{old.pk}/").status_code == 404
    assert api.get("/api/v1/vault/usage/").json()["used"] == len(V1) + len(V2)


def test_api_versions_list_content_restore_delete_and_join(doctor_user):
    current = chain(doctor_user, V1, V2)
    (old,) = versions.version_list(document=current)
    api = APIClient()
    api.force_authenticate(doctor_user)
    base = f"/api/v1/vault/documents/{current.pk}/versions/"
    assert [v["id"] for v in api.get(base).json()] == [str(old.pk)]
    content = api.get(f"{base}{old.pk}/content")
    assert b"".join(content.streaming_content) == V1
    assert AccessLogEntry.objects.filter(
        action=AccessAction.VERSION_DOWNLOAD, document=old, via="api"
    ).exists()
    restored = api.post(f"{base}{old.pk}/restore").json()
    assert restored["id"] == str(old.pk)
    base = f"/api/v1/vault/documents/{old.pk}/versions/"
    assert api.delete(f"{base}{current.pk}/").status_code == 204
    assert api.get(base).json() == []
    # Joining a document uploaded apart: the offer, through the API.
    apart = store(doctor_user, V3, name="diplome.pdf")
    joined = api.post(base, {"from": str(apart.pk)}, format="json")
    assert joined.status_code == 200
    assert joined.json()["id"] == str(apart.pk)
    base = f"/api/v1/vault/documents/{apart.pk}/versions/"
    assert api.post(base, {"from": "pas-un-id"}, format="json").status_code == 400
    assert (
        api.post(
            f"/api/v1/vault/documents/{apart.pk}/versions/", {"from": str(apart.pk)}, format="json"
        ).status_code
        == 400
    )


def test_api_description_and_tags(doctor_user):
    document = store(doctor_user, V1, name="scan.pdf")
    api = APIClient()
    api.force_authenticate(doctor_user)
    url = f"/api/v1/vault/documents/{document.pk}/"
    response = api.patch(
        url, {"description": "Thèse", "tags": ["RCP", "rcp", "Lyon"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["tags"] == ["RCP", "Lyon"]
    assert response.json()["description"] == "Thèse"
    assert [d["name"] for d in api.get("/api/v1/vault/documents/", {"q": "these lyon"}).json()] == [
        "scan.pdf"
    ]
    assert api.patch(url, {"tags": ["x" * 41]}, format="json").status_code == 400


def test_a_current_row_cannot_be_deleted_without_its_versions(doctor_user):
    from django.db.models import RestrictedError

    current = chain(doctor_user, V1, V2)
    with pytest.raises(RestrictedError):
        Document.objects.filter(pk=current.pk).delete()
    # A whole vault at once (an account's closure, a benchmark's clean-up) is fine.
    Document.objects.filter(owner=doctor_user).delete()
    assert not Document.objects.filter(owner=doctor_user).exists()
