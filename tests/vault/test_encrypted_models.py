"""Every encrypted model goes through the vault's maintenance: the list, vault_verify, orphans.

The applicants' documents and the change requests' supporting documents live in the vault's
storage under the vault's keys: a tampered one must be reported by vault_verify, and an upload
of theirs interrupted before its row was written must be removed by the orphan clean-up.
"""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from appregister.models import EvidenceDocument
from ereputation.models import KeptAnalysis
from exemptions.models import ExemptionDocument
from registrations.models import RegistrationDocument, RegistrationRequest
from roll.models import ChangeRequestDocument
from tests.factories import UserFactory
from tests.registrations.conftest import add_document
from tests.roll.change_helpers import claimed_doctor, filed_request, staged_pdf
from tests.vault.conftest import PDF, stored_objects
from vault import services
from vault.encrypted import EncryptedObject, encrypted_models
from vault.models import Document
from vault.services import AccessContext
from vault.streams import stage_chunks

pytestmark = pytest.mark.django_db


def vault_document(owner) -> Document:
    return services.document_store_chunks(
        owner=owner, file_name="diplome.pdf", chunks=[PDF], ctx=AccessContext()
    )


def applicant_request(email: str) -> RegistrationRequest:
    """A draft of its own person (one request per person), accepting documents."""
    return RegistrationRequest.objects.create(
        user=UserFactory.create(email=email),
        email=email,
        last_name=email.split("@")[0],
        first_name="Camille",
    )


def applicant_document(email: str = "camille.lefevre@exemple.test") -> RegistrationDocument:
    return add_document(applicant_request(email), "identity")


def change_document() -> ChangeRequestDocument:
    user, doctor = claimed_doctor("cabinet.daumesnil@exemple-medecin.test")
    return filed_request(user, doctor, with_document=True).document


def tamper(root, row: EncryptedObject) -> None:
    path = root / row.storage_name
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))


def test_the_list_names_every_concrete_encrypted_model():
    concrete = {m for m in apps.get_models() if issubclass(m, EncryptedObject)}
    assert encrypted_models() == [
        Document,
        RegistrationDocument,
        ChangeRequestDocument,
        ExemptionDocument,
        KeptAnalysis,
        EvidenceDocument,
    ]
    assert set(encrypted_models()) == concrete
    prefixes = [model.storage_namespace() for model in encrypted_models()]
    assert prefixes == [
        "v1/",
        "registrations/v1/",
        "roll-changes/v1/",
        "exemptions/v1/",
        "ereputation/v1/",
        "appregister/v1/",
    ]


def test_every_model_has_the_same_constraints():
    for model in encrypted_models():
        names = {constraint.name for constraint in model._meta.constraints}
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        for check in ("size_positive", "sha256_hex", "name_not_empty", "kek_id_not_empty"):
            assert f"{label}_{check}" in names
        assert model._meta.get_field("storage_name").max_length == 200
        assert model._meta.get_field("format_version").default == 1


def test_verify_decrypts_applicant_and_change_documents(doctor_user, vault_root):
    vault_document(doctor_user)
    applicant_document()
    change_document()
    out = StringIO()
    call_command("vault_verify", stdout=out)
    assert "Checked 3 document(s), 0 failure(s)." in out.getvalue()


@pytest.mark.parametrize("which", ["applicant", "change"])
def test_verify_reports_a_tampered_applicant_or_change_document(which, doctor_user, vault_root):
    kept = vault_document(doctor_user)
    tampered = applicant_document() if which == "applicant" else change_document()
    other = change_document() if which == "applicant" else applicant_document()
    tamper(vault_root, tampered)
    err, out = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 document"):
        call_command("vault_verify", stdout=out, stderr=err)
    assert "Checked 3 document(s), 1 failure(s)." in out.getvalue()
    assert f"FAILED {tampered._meta.label} {tampered.pk}" in err.getvalue()
    assert f"(owner {tampered.request.user_id})" in err.getvalue()
    assert str(kept.pk) not in err.getvalue()
    assert str(other.pk) not in err.getvalue()


def test_verify_one_owner_includes_their_applicant_document(doctor_user, vault_root):
    vault_document(doctor_user)
    mine = applicant_document("interne.un@exemple.test")
    applicant_document("interne.deux@exemple.test")
    out = StringIO()
    call_command("vault_verify", "--owner", "interne.un@exemple.test", stdout=out)
    assert "Checked 1 document(s), 0 failure(s)." in out.getvalue()
    tamper(vault_root, mine)
    with pytest.raises(CommandError, match="1 document"):
        call_command("vault_verify", "--owner", str(mine.request.user_id), stdout=out)


def test_a_row_bound_to_someone_else_fails_verification(vault_root):
    """The associated data binds the applicant: a row moved to another request is caught."""
    document = applicant_document("interne.un@exemple.test")
    other = applicant_request("interne.deux@exemple.test")
    RegistrationDocument.objects.filter(pk=document.pk).update(request=other)
    with pytest.raises(CommandError, match="1 document"):
        call_command("vault_verify", stdout=StringIO(), stderr=StringIO())


def test_orphan_cleanup_removes_interrupted_registration_and_change_uploads(
    doctor_user, vault_root
):
    rows = [vault_document(doctor_user), applicant_document(), change_document()]
    applicant = rows[1].request.user
    # What an upload leaves when its process dies after the object, before the row.
    interrupted = [
        stage_chunks(
            [PDF],
            owner_id=applicant.pk,
            file_name="passeport.pdf",
            max_bytes=10**7,
            quota_left=10**7,
            allowed_types=["pdf"],
            name_prefix=RegistrationDocument.storage_prefix,
        ),
        staged_pdf(rows[2].request.user),
    ]
    foreign = vault_root / "elsewhere" / "not-an-upload.bin"
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(b"kept")
    expected = sorted([*(row.storage_name for row in rows), "elsewhere/not-an-upload.bin"])
    assert services.orphans_cleanup() == (0, 0)  # within the grace period
    assert len(stored_objects(vault_root)) == len(expected) + 2
    later = timezone.now() + datetime.timedelta(days=2)
    assert services.orphans_cleanup(now=later) == (2, 0)
    assert stored_objects(vault_root) == expected
    assert {s.storage_name.split("/")[0] for s in interrupted} == {"registrations", "roll-changes"}
    call_command("vault_verify", stdout=StringIO())  # the documents with rows are intact
