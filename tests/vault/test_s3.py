"""The S3 provider against a real S3-API server process (moto in server mode)."""

import datetime
import hashlib
import os

import pytest
from django.utils import timezone

from tests.fixtures.vault import read, set_vault_keys
from tests.vault.conftest import KEK_B, PDF
from vault import services
from vault.models import Document
from vault.services import AccessContext
from vault.storage import vault_storage
from vault.storage_s3 import S3_PART_SIZE
from vault.streams import UploadRejected

pytestmark = pytest.mark.django_db
CTX = AccessContext()


@pytest.fixture
def s3_vault(settings, s3_bucket):
    server = s3_bucket.server
    settings.VAULT_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "vault.storage_s3.S3VaultStorage",
            "OPTIONS": {
                "endpoint_url": server.endpoint_url,
                "bucket_name": s3_bucket.name,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "region_name": server.region,
            },
        },
    }
    return s3_bucket


def test_store_and_read_multipart(doctor_user, s3_vault):
    # Over two parts, so the upload really is multipart.
    content = b"%PDF-" + os.urandom(S3_PART_SIZE * 2 + 12345)
    chunks = (content[i : i + 256 * 1024] for i in range(0, len(content), 256 * 1024))
    document = services.document_store_chunks(
        owner=doctor_user, file_name="gros.pdf", chunks=chunks, ctx=CTX
    )
    assert s3_vault.keys() == [document.storage_name]
    assert s3_vault.multipart_uploads() == []
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert read(document) == content


def test_small_file_and_rejection_leave_nothing_behind(doctor_user, s3_vault):
    document = services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX
    )
    assert read(document) == PDF
    with pytest.raises(UploadRejected):
        services.document_store_chunks(
            owner=doctor_user, file_name="b.pdf", chunks=[b"MZ" + os.urandom(100)], ctx=CTX
        )
    assert s3_vault.keys() == [document.storage_name]
    assert s3_vault.multipart_uploads() == []


def test_purge_orphans_and_stale_uploads(doctor_user, s3_vault, django_capture_on_commit_callbacks):
    kept = services.document_store_chunks(
        owner=doctor_user, file_name="a.pdf", chunks=[PDF], ctx=CTX
    )
    gone = services.document_store_chunks(
        owner=doctor_user, file_name="b.pdf", chunks=[PDF], ctx=CTX
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_purge(document=gone)
    assert s3_vault.keys() == [kept.storage_name]
    writer = vault_storage().open_writer("v1/zz/interrupted.ovf")
    writer.write(b"partial")
    assert s3_vault.multipart_uploads() == ["v1/zz/interrupted.ovf"]
    later = timezone.now() + datetime.timedelta(days=2)
    assert services.orphans_cleanup(now=later) == (0, 1)
    assert s3_vault.multipart_uploads() == []
    assert Document.objects.get() == kept


def test_storage_check_passes_on_s3(s3_vault):
    from vault.checks import vault_storage_check

    assert vault_storage_check() == []


def test_doctor_web_flow_on_s3(doctor_client, doctor_user, s3_vault):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.vault.conftest import PNG

    response = doctor_client.post(
        reverse("vault:upload"),
        {"files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)]},
    )
    assert response.status_code == 302
    assert len(s3_vault.keys()) == 2
    assert s3_vault.multipart_uploads() == []
    document = Document.objects.get(display_name="a.pdf")
    assert "a.pdf" in doctor_client.get(reverse("vault:index")).content.decode()
    doctor_client.post(
        reverse("vault:document", args=[document.pk]),
        {"display_name": "renommé.pdf", "folder": "", "expires_on": ""},
    )
    download = doctor_client.get(reverse("vault:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    doctor_client.post(reverse("vault:trash_document", args=[document.pk]))
    doctor_client.post(reverse("vault:restore", args=[document.pk]))
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(doctor_client.get(reverse("vault:export")).streaming_content))
    )
    assert sorted(archive.namelist()) == ["b.png", "manifest.json", "renommé.pdf"]
    assert archive.read("renommé.pdf") == PDF


def test_rotation_and_verification_on_s3(doctor_user, s3_vault, settings):
    from io import StringIO

    from django.core.management import call_command

    contents = [b"%PDF-" + os.urandom(n) for n in (10, 70_000, 300_000)]
    documents = [
        services.document_store_chunks(owner=doctor_user, file_name=f"{i}.pdf", chunks=[c], ctx=CTX)
        for i, c in enumerate(contents)
    ]
    settings.VAULT_ACTIVE_KEY = "k2"
    call_command("vault_rotate_keys", stdout=StringIO())
    set_vault_keys(settings, f"k2:{KEK_B}")
    out = StringIO()
    call_command("vault_verify", stdout=out)
    assert "Checked 3 document(s), 0 failure(s)." in out.getvalue()
    for document, content in zip(documents, contents, strict=True):
        document.refresh_from_db()
        assert document.kek_id == "k2"
        assert read(document) == content
    assert s3_vault.multipart_uploads() == []
