"""A doctor finds a document by a word typed with its accent, uploads a new version under the
same name, brings back the old one, reads the document's journal and the grouped global one;
a file over the limit is refused in the browser before anything is sent. Screenshots of each
page at 390 and 1280 px go to E2E_SCREENSHOTS (when set)."""

import os
import re
from pathlib import Path

import pytest

from tests.auth_helpers import enable_totp
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory
from vault.models import Document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "claire.durand@exemple.test"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")
V1 = b"%PDF-1.7\n% diplome, premiere version\n" + b"% scan\n" * 40 + b"%%EOF\n"
V2 = b"%PDF-1.7\n% diplome, seconde version\n" + b"% scan\n" * 60 + b"%%EOF\n"
LIMIT = 4096


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def upload(page, path: Path) -> None:
    field(page, "Fichiers").set_input_files(str(path))
    click_and_load(page, page.get_by_role("button", name="Déposer", exact=True))


def test_search_versions_journal_and_size_check(page, accessible, tmp_path: Path, settings):
    settings.VAULT_MAX_FILE_BYTES = LIMIT
    user = UserFactory.create(
        email=EMAIL, doctor=DoctorFactory.create(first_name="Claire", last_name="Durand")
    )
    secret = enable_totp(user)
    log_in_with_totp(page, accessible, EMAIL, secret, next_url="/espace/coffre/")

    first = tmp_path / "v1" / "diplome-scanne.pdf"
    first.parent.mkdir()
    first.write_bytes(V1)
    upload(page, first)
    other = tmp_path / "contrat.pdf"
    other.write_bytes(V1)
    upload(page, other)

    # « diplôme » finds diplome-scanne.pdf; the page says contents are not searched.
    field(page, "Rechercher").fill("Diplôme")
    click_and_load(page, page.get_by_role("button", name="Afficher"))
    assert page.get_by_role("link", name="Télécharger diplome-scanne.pdf").is_visible()
    assert not page.get_by_role("link", name="Télécharger contrat.pdf").count()
    assert "n’est pas parcouru" in page.content()
    accessible("recherche")
    shoot(page, "vault-search")

    # A file over the limit: refused at once, with the server's words, nothing sent.
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    big = tmp_path / "gros.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (LIMIT * 2))
    field(page, "Fichiers").set_input_files(str(big))
    alert = page.locator("#vault-size-error")
    alert.wait_for()
    assert "« gros.pdf » dépasse la taille maximale autorisée par fichier (4\u00a0ko)." in (
        alert.inner_text()
    )
    assert page.eval_on_selector("#id_files", "el => el.files.length") == 0
    page.get_by_role("button", name="Déposer", exact=True).click()  # nothing chosen: blocked
    assert not posts
    accessible("fichier trop gros refusé")
    shoot(page, "vault-size-refused")

    # The same name again: the list offers a new version.
    second = tmp_path / "v2" / "diplome-scanne.pdf"
    second.parent.mkdir()
    second.write_bytes(V2)
    page.goto("/espace/coffre/")
    upload(page, second)
    assert "Un document du même nom existe déjà dans ce dossier" in page.content()
    accessible("offre de nouvelle version")
    shoot(page, "vault-offer")
    click_and_load(
        page, page.get_by_role("button", name="Enregistrer comme nouvelle version de diplome")
    )
    assert "Versions antérieures" in page.content()
    field(page, "Description (facultatif)").fill("Diplôme d’État de docteur en médecine")
    field(page, "Mots-clés (facultatif)").fill("thèse, Lyon")
    click_and_load(page, page.get_by_role("button", name="Enregistrer", exact=True))
    current = Document.objects.get(version_of__isnull=True, display_name="diplome-scanne.pdf")
    assert current.tags == "thèse, Lyon"

    page.goto(f"/espace/coffre/documents/{current.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Télécharger la version du")).click()
    assert Path(info.value.path()).read_bytes() == V1
    page.reload()
    journal = page.locator("#document-journal-title").locator("xpath=..")
    assert "Téléchargement d’une version antérieure" in journal.inner_text()
    assert "Chrome sur Linux" in journal.inner_text()
    accessible("page du document")
    shoot(page, "vault-document")

    click_and_load(page, page.get_by_role("button", name=re.compile("^Rétablir")))
    assert "est de nouveau la version actuelle" in page.content()
    restored = Document.objects.get(version_of__isnull=True, display_name="diplome-scanne.pdf")
    assert restored.size == len(V1)
    assert restored.tags == "thèse, Lyon"

    # Search by a tag, then the global journal: repeated list views are one row.
    page.goto("/espace/coffre/?q=LYON")
    assert page.get_by_role("link", name="Télécharger diplome-scanne.pdf").is_visible()
    for _ in range(3):
        page.goto("/espace/coffre/")
    page.goto("/espace/coffre/journal/")
    rows_text = page.locator("tbody").inner_text()
    assert re.search(r"Consultation de la liste, \d+\u00a0fois entre", rows_text)
    field(page, "Action").select_option(label="Rétablissement d’une version")
    click_and_load(page, page.get_by_role("button", name="Filtrer"))
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "diplome-scanne.pdf" in rows.inner_text()
    accessible("journal filtré")
    page.goto("/espace/coffre/journal/")
    shoot(page, "vault-journal")
