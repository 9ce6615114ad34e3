"""vault/0005 makes documents and folders stored before it findable (folded columns)."""

import hashlib
import uuid

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_rows_get_their_folded_search_columns(migrate_to):
    old = migrate_to([("vault", "0004_sharing")])
    user = UserFactory.create()
    folder = old.get_model("vault", "Folder").objects.create(owner_id=user.pk, name="Diplômes")
    document = old.get_model("vault", "Document").objects.create(
        owner_id=user.pk,
        folder_id=folder.pk,
        display_name="Échographie_Cœur.PDF",
        size=12,
        sha256=hashlib.sha256(b"x").hexdigest(),
        content_type="application/pdf",
        storage_name=f"v1/00/{uuid.uuid4().hex}.ovf",
        kek_id="k1",
        wrapped_key=b"\x00" * 40,
    )
    new = migrate_to([("vault", "0005_search_journal_versions")])
    assert new.get_model("vault", "Folder").objects.get(pk=folder.pk).search_name == "diplomes"
    row = new.get_model("vault", "Document").objects.get(pk=document.pk)
    assert row.search_text == "echographie coeur pdf"
    assert row.version_of_id is None
    assert row.description == ""
    assert not row.kept_apart
