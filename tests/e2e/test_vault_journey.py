"""A doctor logs in with TOTP and keeps a document in the vault: upload, download, trash,
restore."""

import re
from pathlib import Path

import pytest

from tests.auth_helpers import enable_totp
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "paul.martin@exemple.test"
PDF = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"% diplome de docteur\n" * 40 + b"%%EOF\n"
)


def test_doctor_uploads_downloads_trashes_and_restores(page, accessible, tmp_path: Path):
    user = UserFactory.create(
        email=EMAIL, doctor=DoctorFactory.create(first_name="Paul", last_name="Martin")
    )
    secret = enable_totp(user)

    log_in_with_totp(page, accessible, EMAIL, secret)
    accessible("mon espace")
    page.get_by_role("link", name="Ouvrir mon coffre").click()
    page.wait_for_url(re.compile(r"/espace/coffre/$"))
    accessible("coffre vide")

    # A refused file first: the error is shown next to the form, accessibly.
    fake = tmp_path / "programme.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    field(page, "Fichiers").set_input_files(str(fake))
    click_and_load(page, page.get_by_role("button", name="Déposer"))
    accessible("dépôt refusé")
    assert "programme.pdf" in page.content()

    source = tmp_path / "diplome-de-docteur.pdf"
    source.write_bytes(PDF)
    field(page, "Fichiers").set_input_files(str(source))
    page.get_by_role("button", name="Déposer").click()
    page.get_by_role("link", name="Télécharger diplome-de-docteur.pdf").wait_for()
    accessible("coffre avec un document")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger diplome-de-docteur.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "diplome-de-docteur.pdf"
    assert Path(download.path()).read_bytes() == PDF

    page.get_by_role("button", name="Mettre à la corbeille diplome-de-docteur.pdf").click()
    page.get_by_role("link", name=re.compile("La corbeille contient 1 document")).click()
    page.wait_for_url(re.compile(r"/espace/coffre/corbeille/$"))
    accessible("corbeille")
    page.get_by_role("button", name="Restaurer diplome-de-docteur.pdf").click()
    page.goto("/espace/coffre/")
    assert page.get_by_role("link", name="Télécharger diplome-de-docteur.pdf").is_visible()

    page.goto("/espace/coffre/journal/")
    accessible("journal des accès")
    journal = page.content()
    for action in ("Téléchargement", "Corbeille", "Restauration"):
        assert re.search(action, journal, re.IGNORECASE), action
