"""Key rotation and verification on a vault of many documents."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from tests.fixtures.vault import read, set_vault_keys
from tests.vault.conftest import KEK_B
from vault import crypto, services
from vault.maintenance import document_rekey
from vault.models import Document
from vault.services import AccessContext

pytestmark = pytest.mark.django_db
CTX = AccessContext()


def many_documents(count=12):
    owners = [UserFactory.create(with_doctor=True, with_totp=True) for _ in range(3)]
    documents = []
    for i in range(count):
        content = b"%PDF-" + os.urandom(i * 20_000 + 1)
        documents.append(
            (
                services.document_store_chunks(
                    owner=owners[i % 3], file_name=f"doc{i}.pdf", chunks=[content], ctx=CTX
                ),
                content,
            )
        )
    return owners, documents


def body(vault_root, document):
    data = (vault_root / document.storage_name).read_bytes()
    return data[crypto.parse_header(data).size :]


def test_rotation_rewraps_without_reencrypting_and_is_resumable(settings, vault_root):
    _, documents = many_documents()
    bodies = {d.pk: body(vault_root, d) for d, _ in documents}
    settings.VAULT_ACTIVE_KEY = "k2"
    out = StringIO()
    call_command("vault_rotate_keys", "--limit", "5", stdout=out)
    assert "12 document(s) to re-wrap" in out.getvalue()
    assert Document.objects.filter(kek_id="k2").count() == 5
    # Interrupted between the object and the row: the next run completes it.
    half_done = Document.objects.filter(kek_id="k1").order_by("pk").first()
    document_rekey(document=half_done, kek_id="k2")
    Document.objects.filter(pk=half_done.pk).update(kek_id="k1")
    out = StringIO()
    call_command("vault_rotate_keys", stdout=out)
    assert "Still under another KEK: 0." in out.getvalue()
    # Only k2 remains needed: k1 can go, and everything still reads.
    set_vault_keys(settings, f"k2:{KEK_B}")
    for document, content in documents:
        document.refresh_from_db()
        assert document.kek_id == "k2"
        assert body(vault_root, document) == bodies[document.pk]
        assert crypto.parse_header((vault_root / document.storage_name).read_bytes()).kek_id == "k2"
        assert read(document) == content


def test_retire_refuses_a_kek_still_in_use(settings):
    many_documents(2)
    settings.VAULT_ACTIVE_KEY = "k2"
    with pytest.raises(CommandError, match="still protects 2"):
        call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO())
    with pytest.raises(CommandError, match="active key"):
        call_command("vault_rotate_keys", "--retire", "k2", stdout=StringIO())
    call_command("vault_rotate_keys", stdout=StringIO())
    out = StringIO()
    call_command("vault_rotate_keys", "--retire", "k1", stdout=out)
    assert "can be removed" in out.getvalue()


def test_verify_reports_every_failure_without_stopping(vault_root):
    _owners, documents = many_documents()
    broken = [documents[1][0], documents[4][0], documents[7][0]]
    for document in broken:
        path = vault_root / document.storage_name
        data = bytearray(path.read_bytes())
        data[-1] ^= 1
        path.write_bytes(bytes(data))
    (vault_root / documents[10][0].storage_name).unlink()
    err, out = StringIO(), StringIO()
    with pytest.raises(CommandError, match="4 document"):
        call_command("vault_verify", stdout=out, stderr=err)
    assert "Checked 12 document(s), 4 failure(s)." in out.getvalue()
    for document in [*broken, documents[10][0]]:
        assert str(document.pk) in err.getvalue()


def test_verify_one_owner(vault_root):
    owners, _ = many_documents(6)
    out = StringIO()
    call_command("vault_verify", "--owner", owners[0].email, stdout=out)
    assert "Checked 2 document(s), 0 failure(s)." in out.getvalue()
    with pytest.raises(CommandError, match="No user"):
        call_command("vault_verify", "--owner", "personne@exemple.test", stdout=out)


def test_rotation_without_old_key_reports_failures(settings):
    many_documents(3)
    set_vault_keys(settings, f"k2:{KEK_B}")
    settings.VAULT_ACTIVE_KEY = "k2"
    err = StringIO()
    with pytest.raises(CommandError, match="3 document"):
        call_command("vault_rotate_keys", stdout=StringIO(), stderr=err)
    assert err.getvalue().count("FAILED") == 3


def test_retire_reads_the_headers_when_rows_lie(settings, vault_root):
    # R1 #7, from the attacker's side: rows were rewritten to name the new key while the
    # objects are still wrapped under the old one. The rows alone say the old key is unused.
    _owners, _documents = many_documents(3)
    settings.VAULT_ACTIVE_KEY = "k2"
    Document.objects.update(kek_id="k2")
    err = StringIO()

    with pytest.raises(CommandError, match="3 by their object headers"):
        call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO(), stderr=err)

    assert err.getvalue().count("DISAGREES") == 3
    assert err.getvalue().count("USES k1") == 3


def test_retire_refuses_while_an_object_cannot_be_read(settings, vault_root):
    _owners, documents = many_documents(2)
    settings.VAULT_ACTIVE_KEY = "k2"
    call_command("vault_rotate_keys", stdout=StringIO())
    (vault_root / documents[0][0].storage_name).unlink()
    err = StringIO()

    with pytest.raises(CommandError, match="1 object"):
        call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO(), stderr=err)

    assert "UNREADABLE" in err.getvalue()


def test_retire_sees_an_object_no_row_points_at(settings, vault_root):
    # An object left under the old key with no row (an interrupted deletion or restore).
    _owners, documents = many_documents(1)
    document = documents[0][0]
    settings.VAULT_ACTIVE_KEY = "k2"
    kept = (vault_root / document.storage_name).read_bytes()
    call_command("vault_rotate_keys", stdout=StringIO())
    stray = vault_root / "v1" / "zz" / "stray.ovf"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(kept)

    with pytest.raises(CommandError, match="1 by their object headers"):
        call_command("vault_rotate_keys", "--retire", "k1", stdout=StringIO(), stderr=StringIO())
