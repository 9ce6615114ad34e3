"""The `kms` key provider against a real KMS-API server (moto in server mode, on loopback).

What a council gets from it: a database dump and the web hosts' environment no longer decrypt
a document; a wrapped key moved to another document or owner is refused by the key service;
every unwrap names the request and the user; rotation moves local documents to the service and
between service keys without re-encrypting content.
"""

import base64
import json
import os
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import UserFactory
from tests.fixtures.kms import KmsServer, use_kms
from tests.fixtures.vault import read
from tests.vault.conftest import KEK_A, PDF
from vault import crypto, keys, kms, services
from vault.models import Document
from vault.services import AccessContext
from vault.streams import IntegrityFailure

pytestmark = pytest.mark.django_db
CTX = AccessContext()
BIG = b"%PDF-1.7\n" + os.urandom(3 * crypto.SEGMENT_SIZE + 100)


@pytest.fixture
def kms_vault(settings, kms_server: KmsServer, vault_root) -> dict[str, str]:
    """The vault on two fresh service keys, kms1 active; no local KEK at all."""
    service_keys = {"kms1": kms_server.create_key(), "kms2": kms_server.create_key()}
    use_kms(settings, kms_server, keys=service_keys, active="kms1")
    return service_keys


def store(owner, content=PDF, name="attestation.pdf"):
    return services.document_store_chunks(owner=owner, file_name=name, chunks=[content], ctx=CTX)


def object_bytes(vault_root, document) -> bytes:
    return (vault_root / document.storage_name).read_bytes()


def kms_calls(records, operation: str) -> list[dict]:
    """Recorded requests of one KMS operation, with their JSON body decoded."""
    found = []
    for record in records:
        if record["headers"].get("X-Amz-Target") != f"TrentService.{operation}":
            continue
        body = record["body"]
        if record.get("body_encoded"):
            body = base64.b64decode(body).decode()
        found.append({"headers": record["headers"], "body": json.loads(body)})
    return found


def test_a_document_is_wrapped_by_the_service_under_its_context(doctor_user, kms_vault, vault_root):
    document = store(doctor_user, BIG)
    header = crypto.parse_header(object_bytes(vault_root, document))
    assert (header.version, header.provider, header.kek_id) == (2, "kms", "kms1")
    assert document.format_version == 2
    assert bytes(document.wrapped_key) == header.wrapped_key
    assert len(header.wrapped_key) != crypto.WRAPPED_KEY_SIZE  # the service's blob, not RFC 3394
    assert read(document) == BIG
    context = kms.encryption_context(document_id=document.pk, owner_id=doctor_user.pk)
    assert context == {
        "ordre:document": str(document.pk),
        "ordre:owner": str(doctor_user.pk),
        "ordre:format": "OMVF/2",
    }


def test_a_dump_and_the_web_environment_do_not_decrypt_without_the_service(
    doctor_user, kms_vault, vault_root, settings
):
    document = store(doctor_user, BIG)
    # What a thief holds: the row (wrapped key included), the object, and every setting of the
    # web hosts, the local KEKs a council may still list and the development key included.
    row = Document.objects.values("id", "owner_id", "wrapped_key", "kek_id").get()
    data = object_bytes(vault_root, document)
    environment_keys = {
        "k1": base64.b64decode(KEK_A),
        **keys.parse_keys(settings.VAULT_KEYS),
        row["kek_id"]: base64.b64decode(KEK_A),
    }
    with pytest.raises(crypto.VaultCryptoError):
        crypto.decrypt_bytes(
            data, keys=environment_keys, document_id=row["id"], owner_id=row["owner_id"]
        )
    for kek in environment_keys.values():  # the wrapped key is no RFC 3394 wrap of any of them
        with pytest.raises(crypto.VaultCryptoError):
            crypto.unwrap_key(kek, bytes(row["wrapped_key"]))
    # The same settings with the key service out of reach: the portal itself cannot read it.
    settings.VAULT_KMS_ENDPOINT_URL = "http://127.0.0.1:9"
    with pytest.raises(IntegrityFailure, match="did not answer"):
        read(document)


def test_a_wrapped_key_copied_to_another_document_is_refused_by_the_service(
    doctor_user, other_doctor_user, kms_vault, vault_root
):
    mine, second = store(doctor_user, b"%PDF-mine"), store(doctor_user, b"%PDF-second")
    theirs = store(other_doctor_user, b"%PDF-theirs")
    stolen = crypto.parse_header(object_bytes(vault_root, mine))
    for target in (second, theirs):
        data = object_bytes(vault_root, target)
        header = crypto.parse_header(data)
        forged = header.rewrapped(provider="kms", kek_id="kms1", wrapped_key=stolen.wrapped_key)
        (vault_root / target.storage_name).write_bytes(forged.to_bytes() + data[header.size :])
        # Refused at the unwrap, by the key service: no segment is even tried.
        with pytest.raises(IntegrityFailure, match="refused Decrypt: InvalidCiphertextException"):
            read(target)
        with pytest.raises(kms.KeyServiceError, match="InvalidCiphertextException"):
            kms.unwrap(stolen, document_id=target.pk, owner_id=target.owner_id)
    assert read(mine) == b"%PDF-mine"


def test_each_download_is_one_unwrap_naming_the_request_and_the_user(
    doctor_user, doctor_client, kms_vault, kms_server
):
    document = store(doctor_user, BIG)
    kms_server.start_recording()
    response = doctor_client.get(reverse("vault:download", args=[document.pk]))
    assert b"".join(response.streaming_content) == BIG
    (decrypt,) = kms_calls(kms_server.recorded(), "Decrypt")
    assert decrypt["body"]["EncryptionContext"]["ordre:document"] == str(document.pk)
    assert decrypt["headers"]["X-Ordre-Request-Id"] == response["X-Request-ID"]
    assert decrypt["headers"]["X-Ordre-Actor"] == f"user/{doctor_user.pk}"
    assert f"ordre-request/{response['X-Request-ID']}" in decrypt["headers"]["User-Agent"]


def test_an_export_unwraps_each_document_once(doctor_user, doctor_client, kms_vault, kms_server):
    documents = [store(doctor_user, BIG, name=f"{i}.pdf") for i in range(3)]
    kms_server.start_recording()
    response = doctor_client.get(reverse("vault:export"))
    b"".join(response.streaming_content)
    decrypts = kms_calls(kms_server.recorded(), "Decrypt")
    assert sorted(d["body"]["EncryptionContext"]["ordre:document"] for d in decrypts) == sorted(
        str(d.pk) for d in documents
    )
    assert {d["headers"]["X-Ordre-Request-Id"] for d in decrypts} == {response["X-Request-ID"]}


def _as_version_1(vault_root, document) -> None:
    """Rewrite a local object as the portal wrote it before version 2 (same segments)."""
    data = object_bytes(vault_root, document)
    header = crypto.parse_header(data)
    old = crypto.Header(
        header.kek_id, header.wrapped_key, header.salt, header.nonce_prefix, version=1
    )
    (vault_root / document.storage_name).write_bytes(old.to_bytes() + data[header.size :])
    Document.objects.filter(pk=document.pk).update(format_version=1)


def test_rotation_moves_local_documents_to_the_service_resumably(settings, kms_server, vault_root):
    # A council on local keys (whichever provider the rest of the suite runs on).
    settings.VAULT_KEY_PROVIDER = "local"
    settings.VAULT_KEYS, settings.VAULT_ACTIVE_KEY = f"k1:{KEK_A}", "k1"
    owners = [UserFactory.create(with_doctor=True, with_totp=True) for _ in range(2)]
    contents = [b"%PDF-" + os.urandom(n * 40_000 + 1) for n in range(5)]
    documents = [store(owners[i % 2], c) for i, c in enumerate(contents)]
    _as_version_1(vault_root, documents[0])
    bodies = {}
    for document in documents:
        data = object_bytes(vault_root, document)
        bodies[document.pk] = data[crypto.parse_header(data).size :]
    # The council turns kms on: the old local KEKs stay listed until the documents moved.
    use_kms(
        settings,
        kms_server,
        keys={"kms1": kms_server.create_key()},
        active="kms1",
        local_keys=settings.VAULT_KEYS,
    )
    assert read(documents[0]) == contents[0]  # version 1, local, still readable
    with pytest.raises(CommandError, match="still protects"):
        call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("vault_rotate_keys", "--limit", "2", stdout=out)
    assert "5 document(s) to re-wrap under KEK 'kms1'" in out.getvalue()
    assert "Still under another KEK: 3." in out.getvalue()
    call_command("vault_rotate_keys", stdout=StringIO())
    call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO())
    settings.VAULT_KEYS = ""  # the local KEKs are gone: the service alone unwraps
    for document, content in zip(documents, contents, strict=True):
        document.refresh_from_db()
        data = object_bytes(vault_root, document)
        header = crypto.parse_header(data)
        assert (header.provider, header.version, header.kek_id) == ("kms", 2, "kms1")
        assert (document.kek_id, document.format_version) == ("kms1", 2)
        assert data[header.size :] == bodies[document.pk]  # not re-encrypted
        assert read(document) == content
    out = StringIO()
    call_command("vault_verify", stdout=out)
    assert "Checked 5 document(s), 0 failure(s)." in out.getvalue()


def test_rotation_between_service_keys_stays_inside_the_service(
    doctor_user, kms_vault, kms_server, settings, vault_root
):
    documents = [store(doctor_user, BIG), store(doctor_user, b"%PDF-small")]
    settings.VAULT_ACTIVE_KEY = "kms2"
    kms_server.start_recording()
    call_command("vault_rotate_keys", stdout=StringIO())
    records = kms_server.recorded()
    # The data keys never come out: one ReEncrypt per document, no Decrypt, no Encrypt.
    reencrypts = kms_calls(records, "ReEncrypt")
    assert len(reencrypts) == 2
    assert kms_calls(records, "Decrypt") == kms_calls(records, "Encrypt") == []
    assert {r["headers"]["X-Ordre-Actor"] for r in reencrypts} == {"command/vault_rotate_keys"}
    settings.VAULT_KMS_KEYS = f"kms2:{kms_vault['kms2']}"  # kms1 retired from the settings
    for document in documents:
        document.refresh_from_db()
        assert document.kek_id == "kms2"
        assert crypto.parse_header(object_bytes(vault_root, document)).kek_id == "kms2"
    assert read(documents[0]) == BIG


def test_a_key_dropped_from_the_settings_is_not_used(doctor_user, kms_vault, settings):
    document = store(doctor_user)
    settings.VAULT_KMS_KEYS = f"kms2:{kms_vault['kms2']}"
    with pytest.raises(IntegrityFailure, match="not configured"):
        read(document)


def test_an_unknown_document_id_in_the_context_is_refused(doctor_user, kms_vault, vault_root):
    document = store(doctor_user)
    header = crypto.parse_header(object_bytes(vault_root, document))
    with pytest.raises(kms.KeyServiceError):
        kms.unwrap(header, document_id=uuid.uuid4(), owner_id=doctor_user.pk)
    with pytest.raises(kms.KeyServiceError):
        kms.unwrap(header, document_id=document.pk, owner_id=doctor_user.pk + 1)
    assert len(kms.unwrap(header, document_id=document.pk, owner_id=doctor_user.pk)) == 32


def test_an_upload_while_the_service_is_down_is_refused_with_a_reason(
    doctor_client, kms_vault, settings, vault_root
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.vault.conftest import stored_objects

    settings.VAULT_KMS_ENDPOINT_URL = "http://127.0.0.1:9"
    response = doctor_client.post(
        reverse("vault:upload"),
        {"files": [SimpleUploadedFile("diplome.pdf", PDF, content_type="application/pdf")]},
        follow=True,
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "« diplome.pdf » n’a pas pu être déposé : le service qui protège les clés" in text
    assert not Document.objects.exists()
    assert stored_objects(vault_root) == []
