"""A doctor pastes three reviews into the e-reputation helper and follows what it says.

A licit harsh review on Google: « Avis licite », the deadline, no DSA notice, a neutral reply
offered. An insulting one: « Injure », the DSA notice downloaded as text. A defamatory one
with health details on a press site: « Diffamation », « ne pas répondre », the right-of-reply
letter and the DSA notice as PDF; an edited reply confirming a visit is blocked by the
secrecy check, a neutral one is offered to copy; the analysis is kept, reopened and deleted.
Every page passes axe, at 390 and 1280 px without sideways scroll (screenshots when
SCREENSHOTS_DIR is set).
"""

import datetime
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from ereputation.advice import months_later
from ereputation.models import KeptAnalysis
from portal.french_format import french_date
from tests.auth_helpers import enable_totp
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.e2e.test_phone_layout import LAYOUT_JS
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "claire.morel@exemple.test"
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
LICIT = (
    "Deux heures d’attente alors que j’avais rendez-vous, secrétaire désagréable. "
    "Je ne reviendrai pas."
)
INSULT = "Ce médecin est un charlatan et un pauvre type."
DEFAMATORY = (
    "Ce chirurgien m’a laissé des séquelles après une opération du genou ratée : c’est une "
    "erreur médicale qu’il cache, un vrai escroc."
)
UNSAFE_REPLY = "Lors de votre consultation du 3 mars, votre genou a été examiné avec soin."


def _doctor(page: Any, accessible: Any) -> None:
    user = UserFactory.create(
        email=EMAIL, doctor=DoctorFactory.create(first_name="Claire", last_name="Morel")
    )
    log_in_with_totp(page, accessible, EMAIL, enable_totp(user))


def _analyse(page: Any, text: str, platform: str, published: datetime.date) -> None:
    page.goto("/espace/e-reputation/")
    field(page, "Texte de l’avis").fill(text)
    field(page, "Où l’avis est-il publié\u00a0?").select_option(platform)
    field(page, "Date de publication").fill(published.isoformat())
    field(page, "Adresse de la page (facultatif)").fill("https://exemple.test/avis/42")
    click_and_load(page, page.get_by_role("button", name="Analyser l’avis"))


def _layout(page: Any, accessible: Any, label: str, width: int) -> None:
    layout = page.evaluate(LAYOUT_JS)
    assert layout["sw"] <= layout["vw"], f"{label} at {width}: scrolls sideways"
    assert not layout["outside"], f"{label} at {width}: {layout['outside']}"
    accessible(f"{label} at {width}")
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"e-reputation-{label}-{width}.png"), full_page=True)


def _download(page: Any, step: str, *, pdf: bool = False) -> bytes:
    """The file the step's download button gives (« Télécharger le texte » or the PDF)."""
    name = "^Télécharger en PDF" if pdf else "^Télécharger le texte"
    with page.expect_download() as info:
        page.locator(f"#etape-{step}").get_by_role("button", name=re.compile(name)).click()
    return Path(info.value.path()).read_bytes()


def test_three_reviews_categories_deadline_steps_downloads_and_secrecy(page, accessible):
    _doctor(page, accessible)
    page.get_by_role("link", name="Analyser un avis").click()
    page.wait_for_url(re.compile(r"/espace/e-reputation/$"))
    accessible("formulaire")
    assert "pas un avis juridique" in page.content()
    today = timezone.localdate()

    # 1. Licit and harsh, on Google.
    published = today - datetime.timedelta(days=20)
    _analyse(page, LICIT, "google", published)
    accessible("avis licite")
    heading = page.get_by_role("heading", name=re.compile("Délai pour agir"))
    assert french_date(months_later(published, 3)) in heading.inner_text()
    assert page.get_by_role("heading", name="Avis licite").is_visible()
    assert page.get_by_role("heading", name="Notifier un contenu illicite").count() == 0
    assert "Une réponse courte et neutre est possible" in page.content()

    # 2. Insulting, on a rating site: injure, the DSA notice as text.
    _analyse(page, INSULT, "notation", today - datetime.timedelta(days=2))
    accessible("injure")
    assert page.get_by_role("heading", name=re.compile("^Injure")).is_visible()
    assert page.locator("mark", has_text="charlatan").is_visible()
    notice = _download(page, "dsa").decode()
    assert "https://exemple.test/avis/42" in notice
    assert "Claire Morel" in notice
    assert EMAIL in notice
    assert "bonne foi" in notice

    # 3. Defamatory with health details, on a press site.
    _analyse(page, DEFAMATORY, "presse", today - datetime.timedelta(days=30))
    accessible("diffamation")
    assert page.get_by_role("heading", name=re.compile("^Diffamation")).is_visible()
    assert "ne pas répondre" in page.content()
    steps = page.locator(".ereputation-steps > li h3").all_inner_texts()
    assert steps[:3] == [
        "Conserver les preuves",
        "Signaler l’avis à la plateforme",
        "Notifier un contenu illicite (règlement sur les services numériques)",
    ]
    assert "Exercer votre droit de réponse" in steps
    assert _download(page, "dsa", pdf=True).startswith(b"%PDF")
    assert "article 6, IV" in _download(page, "droit_de_reponse").decode()
    assert "commissaire de justice" in _download(page, "preuves").decode()

    # The secrecy check blocks an edited reply that confirms a visit.
    field(page, "Votre réponse").fill(UNSAFE_REPLY)
    click_and_load(page, page.get_by_role("button", name="Vérifier ma réponse"))
    accessible("réponse refusée")
    alert = page.get_by_role("alert")
    assert "Ne publiez pas cette réponse" in alert.inner_text()
    assert "Lors de votre consultation" in alert.inner_text()
    assert page.locator("#reply-ready").count() == 0
    click_and_load(page, page.get_by_role("button", name="Remplir le modèle"))
    click_and_load(page, page.get_by_role("button", name="Vérifier ma réponse"))
    assert page.locator("#reply-ready").is_visible()
    assert page.get_by_role("button", name="Copier la réponse").is_visible()  # JS shows it

    # Kept, reopened from the list, deleted.
    click_and_load(page, page.get_by_role("button", name="Conserver l’analyse dans mon espace"))
    accessible("analyse conservée")
    assert KeptAnalysis.objects.count() == 1
    page.goto("/espace/e-reputation/")
    click_and_load(page, page.get_by_role("link", name=re.compile("^Avis du .* Site de presse")))
    assert page.locator("mark", has_text="escroc").is_visible()
    click_and_load(page, page.get_by_role("button", name="Supprimer cette analyse"))
    assert KeptAnalysis.objects.count() == 0
    assert "Aucune analyse conservée" in page.content()


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_screen_and_pass_axe(page, accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    _doctor(page, accessible)
    page.goto("/espace/e-reputation/")
    _layout(page, accessible, "formulaire", width)
    _analyse(page, LICIT, "google", timezone.localdate() - datetime.timedelta(days=5))
    _layout(page, accessible, "avis-licite", width)
    _analyse(page, DEFAMATORY, "presse", timezone.localdate() - datetime.timedelta(days=5))
    _layout(page, accessible, "diffamation", width)
    field(page, "Votre réponse").fill(UNSAFE_REPLY)
    click_and_load(page, page.get_by_role("button", name="Vérifier ma réponse"))
    _layout(page, accessible, "reponse-refusee", width)
    page.goto("/espace/")
    _layout(page, accessible, "mon-espace", width)
