"""A doctor, from the home page to a claimed account protected by TOTP, as a person would."""

import re

import pytest
from django.core import mail

from tests.auth_helpers import totp_now, verification_code
from tests.e2e.helpers import field
from tests.factories import TEST_PASSWORD, DoctorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "claire.dupont@exemple.test"


def last_mail_to(address: str):  # type: ignore[no-untyped-def]
    return [m for m in mail.outbox if address in m.to][-1]


def test_doctor_signs_up_claims_and_enables_totp(page, accessible, live_server):
    doctor = DoctorFactory(
        first_name="Claire", last_name="Dupont", email="cabinet.dupont@exemple.test"
    )

    page.goto("/")
    accessible("accueil")
    page.get_by_role("link", name="Médecins", exact=True).first.click()
    accessible("rubrique médecins")
    page.get_by_role("link", name="Créer mon compte").first.click()

    field(page, "Adresse électronique").fill(EMAIL)
    field(page, "Mot de passe").fill("court")
    field(page, "Mot de passe (confirmation)").fill("court")
    page.get_by_role("button", name="Création de compte").click()
    accessible("inscription avec erreurs")
    assert field(page, "Adresse électronique").input_value() == EMAIL

    field(page, "Mot de passe").fill(TEST_PASSWORD)
    field(page, "Mot de passe (confirmation)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    accessible("vérification de l’adresse")

    # The code sent to the address, typed on the page that asked for it, logs the doctor in.
    page.wait_for_url(re.compile(r"/compte/confirm-email/"))
    page.get_by_label(re.compile("Code")).first.fill(verification_code(last_mail_to(EMAIL)))
    page.get_by_role("button", name="Confirmer").click()

    # Not yet linked to the roll: "Mon espace" asks whether one is a doctor or a student.
    page.wait_for_url(re.compile(r"/espace/$"))
    accessible("choix de l’espace")
    page.get_by_role("link", name=re.compile("Je suis médecin inscrit au tableau")).click()
    page.wait_for_url(re.compile(r"/espace/rattacher/"))
    accessible("rattachement")
    field(page, "Numéro RPPS").fill("1234")
    page.get_by_role("button", name="Recevoir un code d’activation").click()
    accessible("rattachement avec erreur")
    assert page.locator("[aria-invalid=true]").count() == 1

    field(page, "Numéro RPPS").fill(doctor.rpps)
    page.get_by_role("button", name="Recevoir un code d’activation").click()
    page.wait_for_url(re.compile(r"/espace/rattacher/code/"))
    accessible("saisie du code")
    message = last_mail_to(doctor.email)
    code = re.search(r"activation\u00a0: (\d{4} \d{4})", message.body).group(1)
    field(page, "Code d’activation").fill(code)
    page.get_by_role("button", name="Valider le code").click()

    page.wait_for_url(re.compile(r"/espace/$"))
    accessible("mon espace")
    assert doctor.rpps in page.content()
    page.get_by_role("link", name="Activez la double authentification").click()
    accessible("double authentification")

    page.get_by_role("link", name=re.compile("Activer")).first.click()
    if "/reauthenticate/" in page.url:
        field(page, "Mot de passe").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Confirmer").click()
    accessible("activation TOTP")
    secret = page.locator("#authenticator_secret").input_value()
    field(page, "Code de l’authentificateur").fill(totp_now(secret))
    page.get_by_role("button", name="Activer").click()

    page.goto("/espace/")
    assert "La double authentification est activée" in page.content()
    accessible("mon espace protégé")


def test_skip_link_moves_keyboard_focus_to_the_content(page, accessible):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
