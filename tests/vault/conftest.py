"""Vault fixtures: test keys, storage in a temp folder, a second doctor (the first is root's)."""

import base64
import os

import pytest

from tests.factories import DoctorFactory, UserFactory, stored_document
from tests.fixtures.vault import use_local_vault

KEK_A = base64.b64encode(bytes(range(32))).decode()
KEK_B = base64.b64encode(bytes(range(100, 132))).decode()

PDF = b"%PDF-1.7\n" + b"attestation " * 50 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(300)


@pytest.fixture(autouse=True)
def _vault_settings(settings, tmp_path):
    keys = f"k1:{KEK_A},k2:{KEK_B}"
    return use_local_vault(settings, tmp_path / "vault", keys=keys, active="k1")


@pytest.fixture
def vault_root(_vault_settings):
    return _vault_settings


@pytest.fixture
def other_doctor_user(db):
    """A second doctor's account, TOTP enabled like `doctor_user`."""
    return UserFactory.create(with_doctor=True, with_totp=True)


@pytest.fixture
def colleague(db):
    """Dr Claire Dubois, a doctor with an account and TOTP: who `doctor_user` shares with."""
    return UserFactory.create(
        with_totp=True, doctor=DoctorFactory.create(first_name="Claire", last_name="Dubois")
    )


@pytest.fixture
def shared_report(doctor_user):
    """A document of `doctor_user`'s vault, « echographie.pdf », to share."""
    return stored_document(doctor_user, file_name="echographie.pdf", content=PDF)


def stored_objects(root) -> list[str]:
    """Objects under their final names (temp files of unfinished uploads excluded)."""
    if not root.exists():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".part")
    )
