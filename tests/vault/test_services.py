"""Storing, reading back, renaming, trash and purge, through the service layer."""

import datetime
import hashlib
import os
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.fixtures.vault import read
from tests.vault.conftest import PDF, PNG, stored_objects
from vault import crypto, selectors, services
from vault.models import AccessAction, AccessLogEntry, Document
from vault.services import AccessContext
from vault.storage import vault_storage
from vault.streams import IntegrityFailure, UploadRejected, plaintext_chunks

pytestmark = pytest.mark.django_db
CTX = AccessContext(ip="192.0.2.1")


def store(owner, content=PDF, name="attestation.pdf", **kwargs):
    chunks = [content[i : i + 1000] for i in range(0, len(content), 1000)] or [b""]
    return services.document_store_chunks(
        owner=owner, file_name=name, chunks=chunks, ctx=CTX, **kwargs
    )


def test_store_and_read_back(doctor_user, vault_root):
    content = b"%PDF-1.4\n" + os.urandom(200_000)
    document = store(doctor_user, content)
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.content_type == "application/pdf"
    assert document.kek_id == "k1"
    assert read(document) == content
    # On disk: ciphertext only, under a server-made name.
    (path,) = stored_objects(vault_root)
    assert path == document.storage_name
    raw = (vault_root / path).read_bytes()
    assert content[:1000] not in raw
    assert b"attestation" not in raw
    assert AccessLogEntry.objects.filter(owner=doctor_user, action=AccessAction.UPLOAD).count() == 1


def test_store_png_in_folder_with_expiry(doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Assurances")
    document = store(
        doctor_user, PNG, "scan.png", folder=folder, expires_on=datetime.date(2030, 1, 1)
    )
    assert document.folder == folder
    assert document.content_type == "image/png"


def test_executable_renamed_pdf_is_refused(doctor_user, vault_root):
    with pytest.raises(UploadRejected, match="type accepté"):
        store(doctor_user, b"MZ\x90\x00" + os.urandom(5000), "facture.pdf")
    assert not Document.objects.exists()
    assert list(vault_root.rglob("*")) == [] or stored_objects(vault_root) == []


def test_empty_file_is_refused(doctor_user, vault_root):
    with pytest.raises(UploadRejected, match="vide"):
        store(doctor_user, b"", "vide.pdf")
    assert stored_objects(vault_root) == []


def test_file_over_the_limit_is_refused(doctor_user, settings, vault_root):
    settings.VAULT_MAX_FILE_BYTES = 10_000
    with pytest.raises(UploadRejected, match="taille maximale"):
        store(doctor_user, b"%PDF-" + os.urandom(20_000))
    assert stored_objects(vault_root) == []
    assert not Document.objects.exists()


def test_quota_exceeded(doctor_user, settings, vault_root):
    settings.VAULT_QUOTA_BYTES = 1000
    store(doctor_user, PDF)
    with pytest.raises(UploadRejected, match="espace de votre coffre"):
        store(doctor_user, PDF)
    assert Document.objects.count() == 1
    assert len(stored_objects(vault_root)) == 1
    assert selectors.vault_usage(owner=doctor_user).used == len(PDF)


def test_quota_is_rechecked_at_commit(doctor_user, settings, vault_root):
    settings.VAULT_QUOTA_BYTES = 1000
    staged_first = services.stage_chunks(
        [PDF], owner_id=doctor_user.pk, file_name="a.pdf", max_bytes=10**6, quota_left=10**6
    )
    store(doctor_user, PDF)
    with pytest.raises(UploadRejected):
        services.document_store(owner=doctor_user, staged=staged_first, ctx=CTX)
    assert len(stored_objects(vault_root)) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
        ("facture\x00\x1b[31m.pdf", "facture[31m.pdf"),
        ("contrat\u202egnp.pdf", "contratgnp.pdf"),
        ("  ..  ", "document"),
        ("a\nb\tc.pdf", "a b c.pdf"),
    ],
)
def test_display_names_are_sanitised(doctor_user, raw, expected):
    document = store(doctor_user, PDF, raw)
    assert document.display_name == expected
    assert "/" not in document.storage_name.split("/", 2)[-1].replace(".ovf", "")


def test_rename_move_trash_restore_and_log(doctor_user):
    document = store(doctor_user)
    folder = services.folder_create(owner=doctor_user, name="Diplômes")
    services.document_rename(document=document, display_name="../Thèse.pdf", ctx=CTX)
    assert document.display_name == "Thèse.pdf"
    services.document_move(document=document, folder=folder, ctx=CTX)
    services.document_trash(document=document, ctx=CTX)
    assert list(selectors.document_list(owner=doctor_user)) == []
    assert list(selectors.document_list(owner=doctor_user, trashed=True)) == [document]
    services.document_restore(document=document, ctx=CTX)
    actions = list(
        AccessLogEntry.objects.filter(owner=doctor_user)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["upload", "rename", "move", "trash", "restore"]
    assert all(e.ip_address == "192.0.2.1" for e in AccessLogEntry.objects.all())


def test_rename_to_nothing_is_refused(doctor_user):
    document = store(doctor_user)
    with pytest.raises(ValidationError):
        services.document_rename(document=document, display_name="\x00 ", ctx=CTX)


def test_move_to_another_owners_folder_is_refused(doctor_user, other_doctor_user):
    document = store(doctor_user)
    folder = services.folder_create(owner=other_doctor_user, name="Autre")
    with pytest.raises(ValidationError):
        services.document_move(document=document, folder=folder, ctx=CTX)


def test_duplicate_folder_name_is_refused(doctor_user):
    services.folder_create(owner=doctor_user, name="Contrats")
    with pytest.raises(ValidationError, match="déjà"):
        services.folder_create(owner=doctor_user, name="contrats")


def test_trash_purge_after_30_days(doctor_user, vault_root, django_capture_on_commit_callbacks):
    old, recent = store(doctor_user), store(doctor_user, PNG, "b.png")
    services.document_trash(document=old, ctx=CTX)
    services.document_trash(document=recent, ctx=CTX)
    Document.objects.filter(pk=old.pk).update(
        trashed_at=timezone.now() - datetime.timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.trash_purge_expired() == 1
    assert list(Document.objects.all()) == [recent]
    assert stored_objects(vault_root) == [recent.storage_name]
    assert AccessLogEntry.objects.filter(action=AccessAction.PURGE).count() == 1


def test_access_log_purge_after_a_year(doctor_user):
    store(doctor_user)
    AccessLogEntry.objects.update(at=timezone.now() - datetime.timedelta(days=366))
    store(doctor_user, PNG, "b.png")
    assert services.access_log_purge() == 1
    assert AccessLogEntry.objects.count() == 1


def test_orphans_cleanup_removes_objects_without_rows_and_stale_temps(doctor_user, vault_root):
    kept = store(doctor_user)
    orphan = services.stage_chunks(
        [PDF], owner_id=doctor_user.pk, file_name="x.pdf", max_bytes=10**6, quota_left=10**6
    )
    writer = vault_storage().open_writer("v1/ab/interrupted.ovf")
    writer.write(b"partial")
    # Fresh objects are left alone: an upload may be between "durable" and "committed".
    assert services.orphans_cleanup() == (0, 0)
    later = timezone.now() + datetime.timedelta(days=2)
    assert services.orphans_cleanup(now=later) == (1, 1)
    assert stored_objects(vault_root) == [kept.storage_name]
    assert orphan.storage_name not in stored_objects(vault_root)
    assert list(vault_root.rglob("*.part")) == []


def test_expiry_reminder_sent_once(doctor_user):
    soon = timezone.localdate() + datetime.timedelta(days=20)
    document = store(doctor_user, expires_on=soon)
    store(doctor_user, PNG, "later.png", expires_on=soon + datetime.timedelta(days=200))
    from vault.tasks import vault_expiry_reminders

    assert vault_expiry_reminders() == 1
    assert vault_expiry_reminders() == 0
    assert len(mail.outbox) == 1
    assert document.display_name in mail.outbox[0].body
    assert mail.outbox[0].to == [doctor_user.email]
    services.document_set_expiry(
        document=Document.objects.get(pk=document.pk),
        expires_on=soon + datetime.timedelta(days=1),
        ctx=CTX,
    )
    assert vault_expiry_reminders() == 1


def _tamper(document, vault_root, position):
    path = vault_root / document.storage_name
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))


def test_tampered_object_stops_the_stream_and_is_logged(doctor_user, vault_root, caplog):
    content = b"%PDF-" + os.urandom(3 * crypto.SEGMENT_SIZE)
    document = store(doctor_user, content)
    _tamper(document, vault_root, crypto.header_size("k1") + 2 * crypto.CIPHERTEXT_SEGMENT_SIZE + 5)
    failures = []
    received: list[bytes] = []
    stream = plaintext_chunks(
        storage_name=document.storage_name,
        document_id=document.id,
        owner_id=doctor_user.pk,
        sha256=document.sha256,
        on_failure=failures.append,
    )
    with pytest.raises(IntegrityFailure):
        received.extend(stream)
    received = b"".join(received)
    assert failures
    assert len(received) < len(content)
    assert content.startswith(received)
    assert "integrity failure" in caplog.text
    assert content[:50].hex() not in caplog.text


def test_wrong_sha256_in_database_withholds_the_end(doctor_user):
    content = b"%PDF-" + os.urandom(3 * 1024 * 1024)
    document = store(doctor_user, content)
    received: list[bytes] = []
    stream = plaintext_chunks(
        storage_name=document.storage_name,
        document_id=document.id,
        owner_id=doctor_user.pk,
        sha256="0" * 64,
    )
    with pytest.raises(IntegrityFailure):
        received.extend(stream)
    # Everything but the end: the client never receives a complete, wrong file.
    assert 0 < len(b"".join(received)) < len(content)


def test_object_swapped_between_documents_and_owners_fails(
    doctor_user, other_doctor_user, vault_root
):
    mine, other = store(doctor_user), store(other_doctor_user)
    second = store(doctor_user, PDF + b"x", "b.pdf")
    for victim, source in [(mine, second), (mine, other)]:
        (vault_root / victim.storage_name).write_bytes(
            (vault_root / source.storage_name).read_bytes()
        )
        with pytest.raises(IntegrityFailure):
            read(victim)


def test_missing_object_fails_cleanly(doctor_user, vault_root):
    document = store(doctor_user)
    (vault_root / document.storage_name).unlink()
    with pytest.raises(IntegrityFailure):
        read(document)


def test_document_ids_are_server_generated(doctor_user):
    document = store(doctor_user)
    assert isinstance(document.id, uuid.UUID)
    assert document.storage_name.endswith(f"{document.id.hex}.ovf")


def test_many_owners_do_not_mix(doctor_user):
    other = UserFactory.create(with_doctor=True, with_totp=True)
    store(doctor_user)
    assert list(selectors.document_list(owner=other)) == []


def test_memory_stays_at_a_segment_whatever_the_chunk_size(doctor_user, monkeypatch):
    """A 1 MiB chunk reaches storage, and comes back, one sealed segment at a time."""
    from vault import storage

    written: list[int] = []
    original_write = storage.LocalObjectWriter.write

    def recording_write(self, data):
        written.append(len(data))
        return original_write(self, data)

    monkeypatch.setattr(storage.LocalObjectWriter, "write", recording_write)
    content = b"%PDF-1.7\n" + os.urandom(4 * 1024 * 1024)
    document = services.document_store_chunks(
        owner=doctor_user,
        file_name="gros.pdf",
        chunks=[content[i : i + 1024 * 1024] for i in range(0, len(content), 1024 * 1024)],
        ctx=CTX,
    )
    assert max(written) == crypto.CIPHERTEXT_SEGMENT_SIZE
    pieces = list(
        plaintext_chunks(
            storage_name=document.storage_name,
            document_id=document.id,
            owner_id=document.owner_id,
            sha256=document.sha256,
        )
    )
    assert max(len(piece) for piece in pieces) == crypto.SEGMENT_SIZE
    assert b"".join(pieces) == content
