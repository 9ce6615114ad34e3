"""Keyboard only: Tab, Shift+Tab, Enter, Space and typing; the focus is visible at every stop.

`tab_to` asserts, on each control the Tab key lands on, a computed outline or box-shadow.
"""

import re
from pathlib import Path

import pytest

from tests.auth_helpers import enable_totp, totp_now
from tests.e2e.helpers import focused, tab_to
from tests.factories import TEST_PASSWORD, UserFactory

PDF = b"%PDF-1.7\n" + b"attestation d'assurance " * 30 + b"\n%%EOF\n"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def link_to(path: str):  # type: ignore[no-untyped-def]
    return lambda info: info["tag"] == "a" and info["href"] == path


def control(tag: str, text: str = ""):  # type: ignore[no-untyped-def]
    return lambda info: info["tag"] == tag and text in info["text"]


def test_patient_journey_by_keyboard_only(
    page, accessible, shipped_guides, paediatrician_in_nantes
):
    page.goto("/")
    tab_to(page, link_to("/patients/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/patients/$"))

    tab_to(page, link_to("/annuaire/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/$"))
    tab_to(page, control("input"))
    page.keyboard.type("lefebvre nantes")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/\?"))
    accessible("résultats au clavier")
    tab_to(
        page, lambda info: info["tag"] == "a" and re.match(r"/annuaire/\d{11}/", info["href"] or "")
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/\d{11}/$"))
    assert "Pédiatrie" in page.content()

    # The assistant: type a question, send it with the button (Space), follow the cited sheet.
    page.goto("/assistant/")
    tab_to(page, control("textarea")) if page.locator("main textarea").count() else tab_to(
        page, control("input")
    )
    page.keyboard.type("Combien de temps conserver le dossier médical d’un patient ?")
    tab_to(page, control("button", "Chercher la réponse"))
    page.keyboard.press("Space")
    page.wait_for_load_state("load")
    page.locator(".assistant-answer").wait_for()
    info = tab_to(
        page, lambda i: i["tag"] == "a" and re.match(r"/guides/[\w-]+/[\w-]+/", i["href"] or "")
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(info["href"].split("#")[0])))
    accessible("fiche ouverte au clavier")


def test_doctor_keeps_a_document_by_keyboard_only(page, accessible, settings, tmp_path):
    user = UserFactory.create(email="clavier@exemple.test", with_doctor=True)
    secret = enable_totp(user)

    page.goto("/")
    tab_to(page, link_to("/compte/login/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compte/login/"))
    tab_to(page, lambda i: i["tag"] == "input")
    page.keyboard.type(user.email)
    tab_to(page, lambda i: i["tag"] == "input")
    page.keyboard.type(TEST_PASSWORD)
    tab_to(page, control("button", "Connexion"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    tab_to(page, lambda i: i["tag"] == "input")
    page.keyboard.type(totp_now(secret))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/2fa/" not in url)

    page.goto("/espace/")
    tab_to(page, link_to("/espace/coffre/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/coffre/$"))
    accessible("coffre au clavier")

    # Space on the focused file input opens the system's file chooser, as for a person; then
    # Tab through the folder and the date field (day, month, year, calendar button).
    tab_to(page, lambda i: i["tag"] == "input" and i["text"] == "files")
    source = tmp_path / "attestation-assurance.pdf"
    source.write_bytes(PDF)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(source))
    tab_to(page, control("button", "Déposer"))
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Télécharger attestation-assurance.pdf").wait_for()

    page.keyboard.press("Tab")  # the first stop after a page load is the skip link
    assert focused(page)["text"] == "Aller au contenu"
    tab_to(page, lambda i: i["tag"] == "a" and "/telecharger/" in (i["href"] or ""))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes() == PDF

    tab_to(page, control("button", "Mettre à la corbeille"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, link_to("/espace/coffre/corbeille/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/corbeille/$"))
    tab_to(page, control("button", "Restaurer"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto("/espace/coffre/")
    assert page.get_by_role("link", name="Télécharger attestation-assurance.pdf").is_visible()
