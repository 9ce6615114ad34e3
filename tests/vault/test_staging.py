"""One path from staged objects to rows: `staged_store` stores or deletes every object.

Real objects in the test storage; the services that record rows are the real ones where a
test needs a row, and a refusing stand-in where it needs a refusal or a crash.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.vault.conftest import PDF, stored_objects
from vault import services
from vault.services import AccessContext, upload_limits
from vault.staging import StagedBatch, staged_store
from vault.streams import StagedObject, UploadRejected, stage_chunks

pytestmark = pytest.mark.django_db
CTX = AccessContext()


def batch_of(owner, count: int) -> StagedBatch:
    batch = StagedBatch()
    max_bytes, quota = upload_limits(owner=owner)
    for n in range(count):
        batch.add(
            stage_chunks(
                [PDF],
                owner_id=owner.pk,
                file_name=f"piece-{n}.pdf",
                max_bytes=max_bytes,
                quota_left=quota,
            )
        )
    return batch


def test_without_a_store_every_object_is_deleted(doctor_user, vault_root):
    batch = batch_of(doctor_user, 3)
    batch.errors.append("« x.exe » n'est pas d'un type accepté.")
    assert len(stored_objects(vault_root)) == 3
    outcome = staged_store(batch, None)
    assert outcome.stored == []
    assert outcome.messages == ["« x.exe » n'est pas d'un type accepté."]
    assert stored_objects(vault_root) == []
    assert len(batch) == 0
    assert batch.received == 3


def test_refused_objects_are_deleted_and_the_others_stored(doctor_user, vault_root):
    batch = batch_of(doctor_user, 3)
    calls = []

    def store(staged: StagedObject):
        calls.append(staged.display_name)
        if staged.display_name == "piece-1.pdf":
            raise ValidationError("Refusé.")
        if staged.display_name == "piece-2.pdf":
            raise UploadRejected("Trop grand.")
        return services.document_store(owner=doctor_user, staged=staged, ctx=CTX)

    outcome = staged_store(batch, store)
    assert calls == ["piece-0.pdf", "piece-1.pdf", "piece-2.pdf"]
    assert [d.display_name for d in outcome.stored] == ["piece-0.pdf"]
    assert outcome.messages == ["Refusé.", "Trop grand."]
    assert stored_objects(vault_root) == [outcome.stored[0].storage_name]


def test_a_crashing_store_leaves_nothing_and_propagates(doctor_user, vault_root):
    batch = batch_of(doctor_user, 3)

    def store(staged: StagedObject):
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError, match="database gone"):
        staged_store(batch, store)
    assert stored_objects(vault_root) == []
    # A second release (the decorator's) finds nothing left to do.
    assert staged_store(batch, None).stored == []


def test_if_empty_runs_only_for_an_empty_batch(doctor_user, vault_root):
    empty = staged_store(StagedBatch(), lambda staged: "object", if_empty=lambda: "no object")
    assert empty.stored == ["no object"]
    full = staged_store(batch_of(doctor_user, 1), lambda staged: "object", if_empty=lambda: "none")
    assert full.stored == ["object"]

    def refuse():
        raise ValidationError({"explanation": "Expliquez."})

    refused = staged_store(StagedBatch(), lambda staged: "object", if_empty=refuse)
    assert refused.refusals[0].message_dict == {"explanation": ["Expliquez."]}


def test_a_file_in_another_field_is_never_stored(doctor_client, vault_root):
    response = doctor_client.post(
        reverse("vault:upload"),
        {"autre": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
        follow=True,
    )
    assert "Choisissez au moins un fichier" in response.content.decode()
    assert stored_objects(vault_root) == []
