"""A student sends a first registration with documents; staff publish a sheet from the admin."""

import re

import pytest

from guides import services as guide_services
from guides.models import SheetStatus
from registrations.models import RegistrationRequest
from tests.auth_helpers import enable_totp
from tests.e2e.helpers import click_and_load, field, log_in_with_totp, submit_login
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.7\n" + b"certificat de scolarite " * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200))


def test_student_sends_a_registration_with_documents(page, accessible, specialties, tmp_path):
    student = UserFactory.create(email="camille.lefevre@exemple.test")

    page.goto("/")
    page.get_by_role("link", name="Étudiants et internes", exact=True).first.click()
    page.wait_for_url(re.compile(r"/etudiants/$"))
    accessible("rubrique étudiants")
    page.locator("main a[href='/etudiants/inscription/']").first.click()
    page.wait_for_url(re.compile(r"/compte/login/"))
    submit_login(page, student.email)
    page.wait_for_url(re.compile(r"/etudiants/inscription/$"))
    accessible("première inscription")
    page.get_by_role("button", name="Commencer ma demande").click()

    page.wait_for_url(re.compile(r"/identite/$"))
    page.get_by_role("button", name="Enregistrer et continuer").click()
    accessible("identité avec erreurs")
    assert page.locator("[aria-invalid=true]").count() >= 5
    page.locator("#id_civility").select_option("MME")
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_birth_date").fill("14/03/1998")
    page.locator("#id_birth_place").fill("Lyon (France)")
    page.locator("#id_nationality").fill("française")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(re.compile(r"/etudes/$"))
    accessible("études")
    page.locator("#id_university").fill("Université Claude Bernard Lyon 1")
    page.locator("#id_study_year").fill("8")
    page.locator("#id_phase").select_option("third_cycle")
    page.locator("#id_specialty").select_option(label="Médecine générale")
    page.locator("#id_department").select_option("69")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(re.compile(r"/coordonnees/$"))
    accessible("coordonnées")
    page.locator("#id_email").fill(student.email)
    page.locator("#id_phone").fill("06 12 34 56 78")
    page.locator("#id_street").fill("3 rue Garibaldi")
    page.locator("#id_postcode").fill("690")
    page.locator("#id_city").fill("Lyon")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    accessible("coordonnées avec erreur")
    page.locator("#id_postcode").fill("69003")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url(re.compile(r"/documents/$"))
    accessible("documents")
    for kind, name, content in (
        ("identity", "carte-identite.png", PNG),
        ("studies", "certificat.pdf", PDF),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        field(page, "Nature du document").select_option(kind)
        field(page, "Fichier").set_input_files(str(path))
        click_and_load(page, page.get_by_role("button", name="Déposer ce document"))
    accessible("documents déposés")
    page.get_by_role("link", name="Relire ma demande").click()
    page.wait_for_url(re.compile(r"/recapitulatif/$"))
    accessible("récapitulatif")
    page.get_by_role("button", name="Envoyer ma demande").click()

    page.wait_for_url(re.compile(r"/etudiants/inscription/suivi/$"))
    accessible("suivi de la demande")
    registration = RegistrationRequest.objects.get(user=student)
    assert registration.status == "submitted"
    assert registration.documents.count() == 2


def test_staff_publish_a_sheet_that_then_appears_publicly(page, accessible):
    staff = UserFactory.create(email="redaction@ordre.test", staff=True)
    secret = enable_totp(staff)
    guide, _ = guide_services.guide_upsert(
        slug="exercice",
        title="Exercer au quotidien",
        summary="",
        audiences=["medecins"],
        position=1,
    )
    sheet = guide_services.sheet_create(
        guide=guide,
        slug="archivage-des-ordonnances",
        title="Archiver ses ordonnances",
        body_markdown="## Combien de temps\n\nConservez les doubles des ordonnances trois ans.",
        summary="Ce que dit la règle sur la conservation des ordonnances.",
    )
    guide_services.sheet_transition(sheet=sheet, to_status=SheetStatus.REVIEW, author=None)
    public_url = "/guides/exercice/archivage-des-ordonnances/"
    assert page.goto(public_url).status == 404

    log_in_with_totp(page, accessible, staff.email, secret, next_url="/admin/")
    accessible("administration")
    click_and_load(page, page.get_by_role("link", name="Fiches").first)
    accessible("liste des fiches")
    row = page.locator("tr").filter(has_text="Archiver ses ordonnances")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Publier")
    click_and_load(page, page.get_by_role("button", name="Envoyer"))
    accessible("fiche publiée")

    page.goto(public_url)
    accessible("la fiche, en public")
    assert page.locator("main h1").inner_text().strip() == "Archiver ses ordonnances"
    assert "trois ans" in page.content()
