"""The migrations moving the applicants' and change requests' documents onto EncryptedObject.

Run on rows written under the old schema: the new constraints must hold for them (what can be
repaired is, e.g. an upper-case SHA-256), and a row that cannot meet them stops the migration
with its id instead of a bare constraint error. SQLite by default, PostgreSQL with
DATABASE_URL.
"""

import hashlib
import uuid

import pytest
from django.db import IntegrityError, transaction

from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("registrations", "0003_verbose_names_fr"), ("roll", "0003_verbose_names_fr")]
AFTER = [
    ("registrations", "0004_encrypted_object_columns"),
    ("roll", "0004_encrypted_object_columns"),
]


def old_rows(
    old_apps, *, sha256: str | None = None, name: str = "bail.pdf", kek_id: str = "k1", long=False
):
    """One applicant's document and one supporting document, as the old schema allowed."""
    user = UserFactory.create(email=f"ancien{uuid.uuid4().hex[:6]}@exemple.test")
    doctor = DoctorFactory.create()
    digest = sha256 if sha256 is not None else hashlib.sha256(b"x").hexdigest().upper()
    columns = {
        "display_name": name,
        "size": 12,
        "sha256": digest,
        "content_type": "application/pdf",
        "kek_id": kek_id,
        "wrapped_key": b"\x00" * 40,
    }
    request = old_apps.get_model("registrations", "RegistrationRequest").objects.create(
        user_id=user.pk
    )
    registration_document = old_apps.get_model(
        "registrations", "RegistrationDocument"
    ).objects.create(
        request_id=request.pk,
        kind="identity",
        storage_name=f"registrations/v1/{'x' * 200 if long else ''}{uuid.uuid4().hex}.ovf",
        **columns,
    )
    change = old_apps.get_model("roll", "ChangeRequest").objects.create(
        doctor_id=doctor.pk, user_id=user.pk, changes={"city": {"old": "A", "new": "B"}}
    )
    change_document = old_apps.get_model("roll", "ChangeRequestDocument").objects.create(
        request_id=change.pk, storage_name=f"roll-changes/v1/{uuid.uuid4().hex}.ovf", **columns
    )
    return registration_document.pk, change_document.pk


@pytest.fixture
def old_schema(migrate_to):
    old_apps = migrate_to(BEFORE)
    yield old_apps
    try:
        migrate_to(AFTER)
    except RuntimeError:  # a test that failed midway: leave the schema as the others expect
        for label in ("registrations.RegistrationDocument", "roll.ChangeRequestDocument"):
            old_apps.get_model(label).objects.all().delete()
        migrate_to(AFTER)


def test_existing_rows_are_repaired_and_then_held_by_the_constraints(old_schema, migrate_to):
    registration_pk, change_pk = old_rows(old_schema, name="")
    new_apps = migrate_to(AFTER)
    for label, pk in (
        ("registrations.RegistrationDocument", registration_pk),
        ("roll.ChangeRequestDocument", change_pk),
    ):
        model = new_apps.get_model(label)
        row = model.objects.get(pk=pk)
        assert row.sha256 == hashlib.sha256(b"x").hexdigest()
        assert row.display_name == "document"
        assert row.format_version == 1
        for change in ({"size": -1}, {"kek_id": ""}, {"sha256": "ABC"}, {"display_name": ""}):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.filter(pk=pk).update(**change)


def test_a_storage_name_too_long_stops_the_migration_with_its_id(old_schema, migrate_to):
    registration_pk, _ = old_rows(old_schema, long=True)
    with pytest.raises(RuntimeError, match=str(registration_pk)):
        migrate_to(AFTER)
    # Fixed by hand, the migration goes through.
    old_schema.get_model("registrations.RegistrationDocument").objects.update(
        storage_name="registrations/v1/short.ovf"
    )
    migrate_to(AFTER)


def test_a_missing_kek_id_stops_the_migration_app_by_app(old_schema, migrate_to):
    registration_pk, change_pk = old_rows(old_schema, kek_id="")
    rows = {
        str(registration_pk): "registrations.RegistrationDocument",
        str(change_pk): "roll.ChangeRequestDocument",
    }
    # The apps migrate in the order of the whole project's plan (another app's migration that
    # depends on one of them can move it first): each stops on its own row, whichever comes.
    for _ in range(2):
        with pytest.raises(RuntimeError) as exc:
            migrate_to(AFTER)
        [named] = [pk for pk in rows if pk in str(exc.value)]
        old_schema.get_model(rows.pop(named)).objects.update(kek_id="k1")
    migrate_to(AFTER)


def test_a_digest_that_is_not_one_stops_the_migration(old_schema, migrate_to):
    old_rows(old_schema, sha256="not a digest")
    with pytest.raises(RuntimeError, match="cannot meet the encrypted object constraints"):
        migrate_to(AFTER)
