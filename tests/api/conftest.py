"""Accounts for the cross-account tests: two doctors, a student and a staff member."""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import User
from registrations.models import (
    DocumentKind,
    RegistrationDocument,
    RegistrationRequest,
    Specialty,
)
from registrations.services import registration_document_add
from tests.auth_helpers import force_mfa_login
from tests.factories import RegistrationRequestFactory, UserFactory, stored_document
from tests.fixtures.vault import use_local_vault
from vault import services as vault_services
from vault.models import Document, Folder
from vault.streams import stage_chunks

PDF = b"%PDF-1.7\n" + b"piece justificative " * 40 + b"\n%%EOF\n"


@dataclass
class Person:
    """A user with a logged-in browser session (MFA used) and an API token."""

    label: str
    user: User
    web: Client
    api: Client
    objects: dict[str, object] = field(default_factory=dict)


def _person(label: str, user: User) -> Person:
    web = Client()
    force_mfa_login(web, user)
    token = Token.objects.create(user=user)
    api = Client(headers={"authorization": f"Token {token.key}"})
    return Person(label=label, user=user, web=web, api=api)


def _doctor(label: str, email: str) -> Person:
    user = UserFactory.create(email=email, with_doctor=True, with_totp=True)
    person = _person(label, user)
    folder = vault_services.folder_create(owner=user, name=f"Dossier {label}")
    live = stored_document(user, file_name=f"diplome-{label}.pdf", content=PDF, folder=folder)
    trashed = stored_document(user, file_name=f"ancien-{label}.pdf", content=PDF)
    vault_services.document_trash(
        document=trashed, ctx=vault_services.AccessContext(actor=user, ip="127.0.0.1")
    )
    person.objects = {"folder": folder, "document": live, "trashed": trashed}
    return person


def _student(email: str) -> Person:
    user = UserFactory.create(email=email)
    person = _person("etudiant", user)
    registration = RegistrationRequestFactory.create(
        complete=True, user=user, email=email, specialty=Specialty.objects.order_by("pk").first()
    )
    staged = stage_chunks(
        [PDF],
        owner_id=user.pk,
        file_name="certificat.pdf",
        max_bytes=10 * 1024 * 1024,
        quota_left=10 * 1024 * 1024,
        allowed_types=["pdf"],
        name_prefix=RegistrationDocument.storage_prefix,
    )
    document = registration_document_add(
        registration=registration, kind=DocumentKind.STUDIES, staged=staged
    )
    person.objects = {"registration": registration, "registration_document": document}
    return person


@pytest.fixture(autouse=True)
def _vault_storage(settings, tmp_path):
    use_local_vault(settings, tmp_path / "vault")


@pytest.fixture
def people(db) -> dict[str, Person]:
    staff_user = UserFactory.create(email="controle@ordre.test", is_staff=True, with_totp=True)
    return {
        "medecin_a": _doctor("a", "medecin.a@exemple.test"),
        "medecin_b": _doctor("b", "medecin.b@exemple.test"),
        "etudiant": _student("etudiant@exemple.test"),
        "staff": _person("staff", staff_user),
    }


def snapshot() -> dict[str, object]:
    """Everything an intruder could have changed, to compare before and after."""
    return {
        "documents": sorted(
            Document.objects.values_list(
                "pk", "owner_id", "display_name", "folder_id", "trashed_at"
            )
        ),
        "folders": sorted(Folder.objects.values_list("pk", "owner_id", "name")),
        "registrations": sorted(RegistrationRequest.objects.values_list("pk", "user_id", "status")),
        "registration_documents": sorted(
            RegistrationDocument.objects.values_list("pk", "request_id", "kind")
        ),
    }
