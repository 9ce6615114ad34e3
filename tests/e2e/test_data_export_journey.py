"""« Télécharger mes données » as a doctor does it: asked from the space, ready (the email
says so), downloaded after typing the second factor again, then refused once expired; and
« Fermer mon compte », then reopened at the next login."""

import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from privacy.models import DataExport
from tests.auth_helpers import enable_totp, totp_now
from tests.conftest import ROOT
from tests.e2e.helpers import CODE_LABEL, click_and_load, field, log_in_with_totp, submit_login
from tests.factories import TEST_PASSWORD, DoctorFactory, UserFactory, stored_document


def next_code(secret: str, *, used: str) -> str:
    """A code of the authenticator other than the one the login used (allauth refuses a code
    twice): the next 30-second window's, waited for if need be."""
    for _ in range(35):
        code = totp_now(secret)
        if code != used:
            return code
        time.sleep(1)
    raise AssertionError("the authenticator's code did not change")


pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_export_requested_ready_and_downloaded_after_reauthentication(
    page: Any, accessible: Any
) -> None:
    user = UserFactory.create(email="anne.durand@exemple.test", doctor=DoctorFactory.create())
    secret = enable_totp(user)
    stored_document(user, file_name="diplome-de-docteur.pdf")
    login_code = totp_now(secret)
    log_in_with_totp(page, accessible, user.email, secret)

    click_and_load(page, page.get_by_role("link", name="Télécharger mes données"))
    accessible("mes données")
    page.get_by_label(re.compile("^Inclure les documents")).check()
    click_and_load(page, page.get_by_role("button", name="Préparer mon archive"))
    # The worker is in-process here: ready on the next page (a worker makes it refresh).
    page.get_by_role("link", name="Télécharger mon archive").wait_for()
    accessible("archive prête")
    assert any("prêtes" in m.subject for m in mail.outbox)

    page.get_by_role("link", name="Télécharger mon archive").click()
    page.wait_for_url(re.compile(r"/2fa/reauthenticate/"))
    accessible("confirmer l’accès")
    field(page, CODE_LABEL).fill(next_code(secret, used=login_code))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Confirmer").click()
    download = download_info.value
    assert re.fullmatch(r"mes-donnees-ordre-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("donnees.json"))
    assert data["sections"]["vault"]["documents"][0]["file"].endswith("diplome-de-docteur.pdf")
    assert "index.html" in archive.namelist()

    export = DataExport.objects.get(user=user)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    response = page.goto(f"/espace/mes-donnees/exports/{export.pk}/telecharger/")
    assert response is not None
    assert response.status == 404


def test_closed_then_reopened_at_the_next_login(page: Any, accessible: Any) -> None:
    user = UserFactory.create(email="camille.lefevre@exemple.test")
    page.goto("/compte/login/?next=/espace/fermer-mon-compte/")
    submit_login(page, user.email)
    page.wait_for_url(re.compile(r"/espace/fermer-mon-compte/$"))
    accessible("fermer mon compte")
    page.get_by_label(re.compile("^J’ai compris")).check()
    page.get_by_role("button", name="Fermer mon compte").click()
    # A fresh login is not enough: allauth asks for the password again, then replays the
    # confirmed form.
    page.wait_for_url(re.compile(r"/reauthenticate/"))
    accessible("confirmer l’accès")
    field(page, "Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(re.compile(r"/compte/ferme/$"))
    accessible("compte fermé")

    page.goto("/compte/login/")
    submit_login(page, user.email)
    page.wait_for_url(re.compile(r"/compte/rouvrir/$"))
    accessible("rouvrir mon compte")
    click_and_load(page, page.get_by_role("button", name="Rouvrir mon compte"))
    submit_login(page, user.email)
    page.wait_for_url(re.compile(r"/espace/|/etudiants/"))
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.parametrize("width", [390, 1280])
def test_a_publisher_sees_the_register_on_both_pages(
    page: Any, accessible: Any, width: int
) -> None:
    from tests.appregister.helpers import application_filled, publisher_create

    shots = ROOT / "var" / "e2e" / "privacy"
    shots.mkdir(parents=True, exist_ok=True)
    publisher = publisher_create()
    application_filled(publisher)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/compte/login/?next=/espace/mes-donnees/")
    submit_login(page, publisher.user.email)
    page.wait_for_url(re.compile(r"/espace/mes-donnees/$"))
    accessible("mes données, éditeur")
    page.get_by_label("Inclure les pièces de mes demandes de label").wait_for()
    page.screenshot(path=str(shots / f"data-publisher-{width}.png"), full_page=True)
    page.goto("/espace/fermer-mon-compte/")
    accessible("fermer mon compte, éditeur")
    assert "Vos demandes de label envoyées" in page.content()
    page.screenshot(path=str(shots / f"close-publisher-{width}.png"), full_page=True)
