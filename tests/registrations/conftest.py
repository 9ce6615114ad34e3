"""First-registration fixtures: vault keys and storage in a temp folder, an applicant."""

import base64
import os

import pytest
from django.test import Client
from django.urls import reverse

from registrations.models import (
    DocumentKind,
    RegistrationDocument,
    RegistrationRequest,
    Specialty,
)
from registrations.services import registration_document_add
from tests.factories import RegistrationRequestFactory, UserFactory
from tests.fixtures.vault import use_local_vault
from vault.streams import stage_chunks

KEK = base64.b64encode(bytes(range(32))).decode()

PDF = b"%PDF-1.7\n" + b"certificat de scolarite " * 50 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(300)
JPEG = b"\xff\xd8\xff\xe0" + os.urandom(300)

IDENTITY = {
    "civility": "MME",
    "last_name": "Lefèvre",
    "first_name": "Camille",
    "birth_date": "14/03/1998",
    "birth_place": "Lyon (France)",
    "nationality": "française",
}
CONTACT = {
    "email": "camille.lefevre@exemple.test",
    "phone": "06 12 34 56 78",
    "street": "3 rue Garibaldi",
    "postcode": "69003",
    "city": "Lyon",
}


def studies() -> dict[str, str]:
    return {
        "university": "Université Claude Bernard Lyon 1",
        "study_year": "8",
        "phase": "third_cycle",
        "specialty": str(Specialty.objects.get(name="Médecine générale").pk),
        "department": "69",
    }


def step_url(step: str) -> str:
    return reverse("registrations:step", args=[step])


@pytest.fixture(autouse=True)
def _seeded(specialties: None) -> None:
    """Every registration test has the specialties the migration ships."""


@pytest.fixture(autouse=True)
def _vault_settings(settings, tmp_path):
    return use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")


@pytest.fixture
def vault_root(_vault_settings):
    return _vault_settings


@pytest.fixture
def applicant(db):
    return UserFactory.create(email="camille.lefevre@exemple.test")


@pytest.fixture
def applicant_client(applicant) -> Client:
    client = Client()
    client.force_login(applicant, backend="accounts.auth_backends.PortalAuthenticationBackend")
    return client


def add_document(registration: RegistrationRequest, kind: str, content: bytes = PDF):
    staged = stage_chunks(
        [content],
        owner_id=registration.user_id,
        file_name=f"{kind}.pdf",
        max_bytes=10 * 1024 * 1024,
        quota_left=10 * 1024 * 1024,
        allowed_types=["pdf", "jpeg", "png"],
        name_prefix=RegistrationDocument.storage_prefix,
    )
    return registration_document_add(registration=registration, kind=kind, staged=staged)


@pytest.fixture
def complete_draft(applicant) -> RegistrationRequest:
    """A draft with every field and both required documents, ready to send."""
    registration = RegistrationRequestFactory.create(
        complete=True,
        user=applicant,
        email="camille.lefevre@exemple.test",
        specialty=Specialty.objects.get(name="Médecine générale"),
    )
    add_document(registration, DocumentKind.IDENTITY)
    add_document(registration, DocumentKind.STUDIES)
    return registration
