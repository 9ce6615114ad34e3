"""A student, from « Faire ma première inscription » to a sent request, creating the account."""

import re

import pytest
from django.core import mail

from registrations.models import RegistrationRequest
from tests.auth_helpers import verification_code
from tests.e2e.helpers import click_and_load, field
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "lea.moreau@exemple.test"
PDF = b"%PDF-1.7\n" + b"certificat de scolarite " * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200))


def test_student_signs_up_confirms_fills_reviews_and_sends(page, accessible, specialties, tmp_path):
    page.goto("/etudiants/")
    page.locator("main a[href='/etudiants/inscription/']").first.click()
    page.wait_for_url(re.compile(r"/compte/login/"))
    # No account yet: the sign-up link keeps where the student was going.
    page.locator("main a[href*='/compte/signup/']").first.click()
    page.wait_for_url(re.compile(r"/compte/signup/\?next="))
    accessible("création de compte")
    field(page, "Adresse électronique").fill(EMAIL)
    field(page, "Mot de passe").fill(TEST_PASSWORD)
    field(page, "Mot de passe (confirmation)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Création de compte").click()

    page.wait_for_url(re.compile(r"/compte/confirm-email/"))
    accessible("saisie du code reçu")
    message = [m for m in mail.outbox if EMAIL in m.to][-1]
    page.get_by_label(re.compile("Code")).first.fill(verification_code(message))
    page.get_by_role("button", name="Confirmer").click()

    # Back where the student was going, logged in.
    page.wait_for_url(re.compile(r"/etudiants/inscription/$"))
    page.get_by_role("button", name="Commencer ma demande").click()
    page.wait_for_url(re.compile(r"/identite/$"))
    page.locator("#id_civility").select_option("MME")
    page.locator("#id_last_name").fill("Moreau")
    page.locator("#id_first_name").fill("Léa")
    page.locator("#id_birth_date").fill("02/07/1997")
    page.locator("#id_birth_place").fill("Nantes (France)")
    page.locator("#id_nationality").fill("française")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/etudes/$"))

    # Skip ahead to the summary: what is missing links back to its field.
    page.get_by_role("link", name=re.compile("Récapitulatif et envoi")).click()
    page.wait_for_url(re.compile(r"/recapitulatif/$"))
    accessible("récapitulatif incomplet")
    assert page.get_by_role("button", name="Envoyer ma demande").count() == 0
    assert "Moreau" in page.content()
    page.locator("main .registration-missing a[href$='#id_university']").click()
    page.wait_for_url(re.compile(r"/etudes/#id_university$"))
    page.locator("#id_university").fill("Nantes Université")
    page.locator("#id_study_year").fill("7")
    page.locator("#id_phase").select_option("third_cycle")
    page.locator("#id_specialty").select_option(label="Médecine générale")
    page.locator("#id_department").select_option("44")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/coordonnees/$"))
    page.locator("#id_phone").fill("06 98 76 54 32")
    page.locator("#id_street").fill("12 quai de la Fosse")
    page.locator("#id_postcode").fill("44000")
    page.locator("#id_city").fill("Nantes")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(re.compile(r"/documents/$"))
    for kind, name, content in (
        ("identity", "passeport.png", PNG),
        ("studies", "scolarite.pdf", PDF),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        field(page, "Nature du document").select_option(kind)
        field(page, "Fichier").set_input_files(str(path))
        click_and_load(page, page.get_by_role("button", name="Déposer ce document"))
    page.get_by_role("link", name="Relire ma demande").click()

    page.wait_for_url(re.compile(r"/recapitulatif/$"))
    accessible("récapitulatif complet")
    summary = page.locator("main").inner_text()
    for shown in (
        "Moreau",
        "Léa",
        "2 juillet 1997",
        "Nantes Université",
        "44 — Loire-Atlantique",
        "12 quai de la Fosse",
        "passeport.png",
        "scolarite.pdf",
        EMAIL,
    ):
        assert shown in summary, shown
    assert "Il manque encore" not in summary
    page.get_by_role("button", name="Envoyer ma demande").click()

    page.wait_for_url(re.compile(r"/etudiants/inscription/suivi/$"))
    assert RegistrationRequest.objects.get(user__email=EMAIL).status == "submitted"
    # « Mon espace » leads the student to the request, not to the doctors' claim.
    page.goto("/espace/")
    page.wait_for_url(re.compile(r"/etudiants/inscription/suivi/$"))
    accessible("suivi depuis mon espace")
