"""Journeys without a doctor's account: a patient, anyone asking the assistant."""

import re

import pytest

from tests.e2e.helpers import field
from tests.factories import DoctorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_patient_finds_a_doctor_and_reads_a_sheet(
    page, accessible, shipped_guides, paediatrician_in_nantes
):
    DoctorFactory(first_name="Marc", last_name="Durand", city="Lille")

    page.goto("/")
    accessible("accueil")
    page.get_by_role("link", name="Patients", exact=True).first.click()
    page.wait_for_url(re.compile(r"/patients/$"))
    accessible("rubrique patients")

    page.get_by_role("link", name="Rechercher dans l’annuaire").click()
    page.wait_for_url(re.compile(r"/annuaire/"))
    accessible("annuaire")
    search = page.get_by_role("searchbox").first
    search.fill("helene lefebvre nantes")
    page.get_by_role("button", name="Rechercher").click()
    accessible("résultats de l’annuaire")
    page.get_by_role("link", name=re.compile("Lefèbvre", re.IGNORECASE)).first.click()
    page.wait_for_url(re.compile(r"/annuaire/\d{11}/$"))
    accessible("fiche de l’annuaire")
    assert "Pédiatrie" in page.content()
    assert "Durand" not in page.content()

    page.goto("/patients/")
    page.get_by_role("link", name="Consulter les guides pour les patients").click()
    accessible("guides pratiques")
    page.wait_for_url(re.compile(r"/guides/"))
    guide = page.locator("main a").filter(has_text=re.compile("droits de patient", re.I)).first
    guide.click()
    page.wait_for_url(re.compile(r"/guides/[\w-]+/$"))
    accessible("un guide")
    sheet = page.locator("main a").filter(has_text=re.compile("Trouver un médecin", re.I)).first
    sheet.click()
    page.wait_for_url(re.compile(r"/guides/[\w-]+/[\w-]+/$"))
    accessible("une fiche")
    assert "Trouver un médecin" in page.locator("main h1").inner_text()


def test_anyone_asks_the_assistant_and_follows_the_link(page, accessible, shipped_guides):
    page.goto("/assistant/")
    accessible("assistant")
    page.get_by_role("button", name="Chercher la réponse").click()
    accessible("assistant, question vide")

    field(page, "Votre question").fill(
        "Combien de temps conserver le dossier médical d’un patient ?"
    )
    page.get_by_role("button", name="Chercher la réponse").click()
    accessible("réponse de l’assistant")
    link = page.locator(".assistant-answer a[href^='/guides/']").first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/guides/[\w-]+/[\w-]+/"))
    accessible("fiche citée par l’assistant")
    assert page.locator("main h1").inner_text().strip() in title or title
