"""A publisher signs up and applies for a label; staff assign the file to a certification
body; its assessor records every criterion and recommends; the council grants the label in
admin; the app is in the public register with its verification page (QR code), an unknown
number is a 404. Then staff withdraw the label: it stays listed as withdrawn, with its
reason. A second file is refused in admin with reasons. Every page passes axe, at phone and
desktop widths (screenshots kept)."""

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from appregister.models import AppApplication, ApplicationStatus, Criterion
from tests.appregister.helpers import (
    PDF,
    application_sent,
    assessed,
    assessor_create,
    body_create,
    publisher_create,
)
from tests.auth_helpers import enable_totp, verification_code
from tests.conftest import ROOT
from tests.e2e.helpers import click_and_load, field, log_in_with_totp, submit_login
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = ROOT / "var" / "e2e" / "appregister"
EMAIL = "claire.martin@glycosuivi.example"


def _shot(page: Any, name: str, width: int) -> None:
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _staff_page(browser: Any, live_server: Any) -> tuple[Any, Any]:
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    staff = UserFactory.create(email="registre@ordre.test", staff=True)
    secret = enable_totp(staff)
    log_in_with_totp(page, lambda *_: None, staff.email, secret, next_url="/admin/appregister/")
    return page, staff


def _publisher_signs_up(page: Any, accessible: Any, width: int) -> None:
    page.goto("/editeurs/")
    accessible("éditeurs : accueil")
    _shot(page, "publisher-start", width)
    page.get_by_role("link", name="Accéder à mon espace éditeur").click()
    page.wait_for_url(re.compile(r"/compte/login/"))
    page.locator("main a[href*='/compte/signup/']").first.click()
    page.wait_for_url(re.compile(r"/compte/signup/\?next="))
    field(page, "Adresse électronique").fill(EMAIL)
    field(page, "Mot de passe").fill(TEST_PASSWORD)
    field(page, "Mot de passe (confirmation)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url(re.compile(r"/compte/confirm-email/"))
    message = [m for m in mail.outbox if EMAIL in m.to][-1]
    page.get_by_label(re.compile("Code")).first.fill(verification_code(message))
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(re.compile(r"/editeurs/espace/$"))
    accessible("éditeur : ma société")
    field(page, "Raison sociale").fill("GlycoSuivi SAS")
    field(page, "Numéro SIREN").fill("552 100 554")
    field(page, "Personne à contacter").fill("Claire Martin")
    field(page, "Téléphone").fill("01 23 45 67 89")
    click_and_load(page, page.get_by_role("button", name="Enregistrer"))
    accessible("éditeur : mes demandes")


def _publisher_applies(page: Any, accessible: Any, width: int, tmp_path: Any) -> AppApplication:
    click_and_load(page, page.get_by_role("button", name="Nouvelle demande de label"))
    assert re.search(r"/editeurs/demandes/\d+/produit/$", page.url)
    accessible("demande : produit")
    _shot(page, "step-product", width)
    field(page, "Nom de l’application ou de l’objet").fill("GlycoSuivi")
    field(page, "Version évaluée").fill("3.2")
    page.get_by_label("iOS (iPhone et iPad)").check()
    page.get_by_label("Android").check()
    field(page, "Adresse du site de présentation (https://…)").fill("https://glycosuivi.example/")
    click_and_load(page, page.get_by_role("button", name="Enregistrer et continuer"))
    accessible("demande : usage")
    field(page, "Finalité (usage prévu)").fill("Carnet de glycémie partagé avec le médecin.")
    field(page, "Domaine d’usage").select_option("chronic")
    field(page, "Utilisateurs prévus").select_option("patients")
    field(page, "Utilisateurs prévus, précisés").fill("Adultes diabétiques de type 2.")
    click_and_load(page, page.get_by_role("button", name="Enregistrer et continuer"))
    accessible("demande : réglementation")
    field(page, "Statut réglementaire").select_option("md")
    field(page, "Classe du dispositif médical").select_option("IIa")
    field(page, "Référence du certificat ou de la déclaration CE").fill("CE 0459-2026-118")
    field(page, "Hébergeur des données").fill("Hébergeur Santé SAS")
    field(page, "Numéro du certificat HDS de l’hébergeur").fill("HDS-2025-0193")
    field(page, "Lieu d’hébergement").select_option("france")
    click_and_load(page, page.get_by_role("button", name="Enregistrer et continuer"))
    assert page.url.endswith("/preuves/")
    accessible("demande : preuves")
    application = AppApplication.objects.get(publisher__user__email=EMAIL)
    security = Criterion.objects.get(domain__version=application.framework, code="SEC-02")
    upload = tmp_path / "test-intrusion.pdf"
    upload.write_bytes(PDF)
    field(page, "Critère auquel répond le document").select_option(str(security.pk))
    field(page, "Fichier").set_input_files(str(upload))
    click_and_load(page, page.get_by_role("button", name="Déposer ce document"))
    assert "Votre document est déposé" in page.content()
    areas = page.locator("main textarea[id^='critere-']")
    for n in range(areas.count()):
        areas.nth(n).fill(f"Élément de preuve {n + 1} : procédure et captures jointes.")
    _shot(page, "step-evidence", width)
    click_and_load(page, page.get_by_role("button", name="Enregistrer et relire ma demande"))
    assert page.url.endswith("/recapitulatif/")
    accessible("demande : récapitulatif")
    assert "Il manque encore" not in page.content()
    click_and_load(page, page.get_by_role("button", name="Envoyer ma demande"))
    accessible("demande : suivi")
    _shot(page, "application-sent", width)
    assert "Envoyée, en attente d’attribution" in page.content()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def _assessor_assesses(
    browser: Any, live_server: Any, accessible_unused: Any, assessor: Any, width: int
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/compte/login/?next=/organismes/")
    submit_login(page, assessor.email)
    page.wait_for_url(re.compile(r"/organismes/$"))
    _shot(page, "body-home", width)
    click_and_load(page, page.get_by_role("link", name=re.compile("GlycoSuivi")))
    _shot(page, "body-application", width)
    assert "test-intrusion.pdf" in page.content()
    buttons = page.get_by_role("button", name=re.compile("^Enregistrer le résultat de"))
    for n in range(buttons.count()):
        form = page.locator("main form[action*='/criteres/']").nth(n)
        form.locator("select").select_option("met")
        with page.expect_navigation(wait_until="load"):
            form.get_by_role("button").click()
    page.get_by_label("Favorable à l’attribution du label").check()
    field(page, "Synthèse de l’évaluation").fill("Tous les critères sont satisfaits.")
    click_and_load(page, page.get_by_role("button", name="Transmettre l’avis à l’Ordre"))
    assert "Votre avis est transmis" in page.content()
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_publisher_application_to_public_register_then_withdrawal(
    page, accessible, browser, live_server, tmp_path, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    body = body_create()
    assessor = assessor_create(body)
    page.set_viewport_size({"width": width, "height": 900})
    _publisher_signs_up(page, accessible, width)
    application = _publisher_applies(page, accessible, width, tmp_path)

    staff_page, staff = _staff_page(browser, live_server)
    staff_page.goto(f"/admin/appregister/appapplication/{application.pk}/change/")
    assert "décision attendue avant le" in staff_page.content().lower()
    click_and_load(staff_page, staff_page.get_by_role("link", name="Attribuer à un organisme"))
    staff_page.get_by_label("Organisme évaluateur").select_option(str(body.pk))
    click_and_load(staff_page, staff_page.get_by_role("button", name="Attribuer"))
    assert "La demande est attribuée" in staff_page.content()

    _assessor_assesses(browser, live_server, accessible, assessor, width)

    staff_page.goto(f"/admin/appregister/appapplication/{application.pk}/change/")
    click_and_load(staff_page, staff_page.get_by_role("link", name="Décider"))
    staff_page.get_by_label("Attribuer le label").check()
    click_and_load(staff_page, staff_page.get_by_role("button", name="Enregistrer la décision"))
    year = timezone.localdate().year
    number = f"ODM-APP-{year}-0001"
    assert f"Label {number} attribué" in staff_page.content()
    assert any("Le label est attribué" in m.subject for m in mail.outbox if EMAIL in m.to)

    # The public register, the app's page, its verification page.
    page.goto("/medecins/")
    click_and_load(page, page.get_by_role("link", name="Consulter le registre des applications"))
    accessible("registre")
    field(page, "Nom, éditeur ou numéro de label").fill("glyco")
    field(page, "Dispositif médical").select_option("oui")
    click_and_load(page, page.get_by_role("button", name="Rechercher"))
    _shot(page, "register", width)
    assert "1 application." in page.inner_text("main")
    click_and_load(page, page.get_by_role("link", name="GlycoSuivi"))
    accessible("fiche de l’application")
    _shot(page, "entry", width)
    main = page.inner_text("main")
    for shown in (number, "GlycoSuivi SAS", "3.2", "HDS-2025-0193", "Label en cours de validité"):
        assert shown in main, shown
    assert page.locator("img.appreg-qr").count() == 1
    click_and_load(page, page.locator(f"main a[href='/applications/verifier/{number}/']"))
    accessible("vérification du label")
    _shot(page, "verify", width)
    assert "correspond à un label délivré" in page.content()
    response = page.goto("/applications/verifier/ODM-APP-1999-9999/")
    assert response is not None
    assert response.status == 404
    accessible("label inconnu")

    # Staff withdraw the label: it stays listed as withdrawn, with its reason and date.
    staff_page.goto(f"/admin/appregister/appapplication/{application.pk}/change/")
    click_and_load(staff_page, staff_page.get_by_role("link", name="Suspendre ou retirer le label"))
    staff_page.get_by_label("Retirer le label (définitif, public)").check()
    staff_page.get_by_label("Motif").fill("Publicité ciblée avérée.")
    click_and_load(staff_page, staff_page.get_by_role("button", name="Enregistrer"))
    page.goto("/applications/?etat=retire")
    accessible("registre : labels retirés")
    assert "Label retiré" in page.inner_text("main")
    page.goto(f"/applications/{application.pk}/")
    _shot(page, "entry-withdrawn", width)
    assert "Publicité ciblée avérée." in page.inner_text("main")

    # Another file, assessed unfavourably, refused in admin with reasons.
    other = application_sent(publisher_create(email="autre@exemple.test", company="Autre SAS"))
    other = assessed(other, staff=staff, body=body, assessor=assessor, favourable=False)
    staff_page.goto(f"/admin/appregister/appapplication/{other.pk}/decision/")
    staff_page.get_by_label("Refuser le label").check()
    click_and_load(staff_page, staff_page.get_by_role("button", name="Enregistrer la décision"))
    assert "Indiquez les motifs du refus" in staff_page.content()
    staff_page.get_by_label("Refuser le label").check()
    staff_page.get_by_label("Motifs, compléments demandés ou note").fill("SEC-02 non satisfait.")
    click_and_load(staff_page, staff_page.get_by_role("button", name="Enregistrer la décision"))
    assert "Le refus est enregistré" in staff_page.content()
    staff_page.context.close()
    other.refresh_from_db()
    assert other.status == ApplicationStatus.REFUSED
    page.goto("/applications/?q=Autre")
    assert "0 application." in page.inner_text("main")
