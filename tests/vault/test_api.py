"""/api/v1/vault/…: the same vault through the API, by session or personal token."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.services.tokens import api_token_create
from tests.auth_helpers import force_mfa_login
from tests.factories import UserFactory
from tests.vault.conftest import PDF, PNG, stored_objects
from vault import services
from vault.models import AccessLogEntry, Document
from vault.services import AccessContext

pytestmark = pytest.mark.django_db
CTX = AccessContext()
BASE = "/api/v1/vault/"


@pytest.fixture
def api(doctor_user) -> Client:
    token = api_token_create(user=doctor_user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_upload_list_detail_update_download_trash_restore(api, doctor_user, vault_root):
    folder = services.folder_create(owner=doctor_user, name="Assurances")
    response = api.post(
        BASE + "documents/",
        {
            "file": [SimpleUploadedFile("rc-pro.pdf", PDF), SimpleUploadedFile("x.png", PNG)],
            "expires_on": "2030-01-31",
            "folder": folder.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["errors"] == []
    assert {d["name"] for d in body["documents"]} == {"rc-pro.pdf", "x.png"}
    document_id = next(d["id"] for d in body["documents"] if d["name"] == "rc-pro.pdf")

    listing = api.get(BASE + "documents/", {"q": "rc"}).json()
    assert [d["name"] for d in listing] == ["rc-pro.pdf"]
    assert listing[0]["folder_name"] == "Assurances"
    assert listing[0]["expires_on"] == "2030-01-31"

    detail = api.get(f"{BASE}documents/{document_id}/").json()
    assert detail["size"] == len(PDF)
    response = api.patch(
        f"{BASE}documents/{document_id}/",
        json.dumps({"name": "RC pro 2030.pdf", "folder": None}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "RC pro 2030.pdf"
    assert response.json()["folder"] is None

    content = api.get(f"{BASE}documents/{document_id}/content")
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == PDF
    assert "no-store" in content["Cache-Control"]
    assert content["X-Content-Type-Options"] == "nosniff"
    assert content["Content-Disposition"].startswith("attachment;")

    assert api.delete(f"{BASE}documents/{document_id}/").status_code == 204
    trash = api.get(BASE + "trash/").json()
    assert [d["id"] for d in trash] == [document_id]
    assert api.get(f"{BASE}documents/{document_id}/content").status_code == 404
    restored = api.post(
        BASE + "trash/", json.dumps({"id": document_id}), content_type="application/json"
    )
    assert restored.status_code == 200
    assert restored.json()["trashed_at"] is None
    assert AccessLogEntry.objects.filter(via="api", action="download").count() == 1


def test_usage_and_export(api, doctor_user):
    services.document_store_chunks(owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX)
    usage = api.get(BASE + "usage/").json()
    assert usage["used"] == len(PDF)
    assert usage["quota"] == usage["used"] + usage["free"]
    response = api.get(BASE + "export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["a.pdf", "manifest.json"]


def test_upload_refusals(api, settings, vault_root):
    settings.VAULT_MAX_FILE_BYTES = 1000
    response = api.post(
        BASE + "documents/",
        {
            "file": [
                SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 100),
                SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000),
            ]
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 2
    assert not Document.objects.exists()
    assert stored_objects(vault_root) == []


def test_session_upload_needs_csrf(doctor_user, vault_root):
    client = Client(enforce_csrf_checks=True)
    force_mfa_login(client, doctor_user)
    response = client.post(BASE + "documents/", {"file": [SimpleUploadedFile("a.pdf", PDF)]})
    assert response.status_code == 403
    assert stored_objects(vault_root) == []


def test_without_mfa_the_api_refuses(db, vault_root):
    user = UserFactory.create(with_doctor=True)
    token = api_token_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(BASE + "documents/").status_code == 403
    response = client.post(BASE + "documents/", {"file": [SimpleUploadedFile("a.pdf", PDF)]})
    assert response.status_code == 403
    assert stored_objects(vault_root) == []


def test_anonymous_is_refused(client):
    assert client.get(BASE + "usage/").status_code in (401, 403)


def test_another_doctor_gets_404_on_every_api_url(doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Privé")
    document = services.document_store_chunks(
        owner=doctor_user, file_name="s.pdf", chunks=[PDF], ctx=CTX
    )
    trashed = services.document_store_chunks(
        owner=doctor_user, file_name="t.pdf", chunks=[PDF], ctx=CTX
    )
    services.document_trash(document=trashed, ctx=CTX)
    intruder = UserFactory.create(with_doctor=True, with_totp=True)
    client = Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=intruder).key}")
    assert client.get(f"{BASE}documents/{document.pk}/").status_code == 404
    assert client.get(f"{BASE}documents/{document.pk}/content").status_code == 404
    assert (
        client.patch(
            f"{BASE}documents/{document.pk}/",
            json.dumps({"name": "x"}),
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.delete(f"{BASE}documents/{document.pk}/").status_code == 404
    assert (
        client.post(
            BASE + "trash/", json.dumps({"id": str(trashed.pk)}), content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(BASE + "documents/", {"folder": folder.pk}).status_code == 404
    assert client.get(BASE + "documents/").json() == []
    assert client.get(BASE + "trash/").json() == []
    assert client.get(BASE + "usage/").json()["used"] == 0
    # Moving one's own document into someone else's folder is refused too.
    own = services.document_store_chunks(owner=intruder, file_name="o.pdf", chunks=[PDF], ctx=CTX)
    response = client.patch(
        f"{BASE}documents/{own.pk}/",
        json.dumps({"folder": folder.pk}),
        content_type="application/json",
    )
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.display_name == "s.pdf"
    assert not document.is_trashed


def test_every_endpoint_is_in_the_openapi_schema(client):
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/vault/documents/": {"get", "post"},
        "/api/v1/vault/documents/{document_id}/": {"get", "patch", "delete"},
        "/api/v1/vault/documents/{document_id}/content": {"get"},
        "/api/v1/vault/trash/": {"get", "post"},
        "/api/v1/vault/usage/": {"get"},
        "/api/v1/vault/export/": {"get"},
    }.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, paths[path].keys())
