"""A person finds their council, writes to it, fixes a mistake and gets a reference."""

import re
from typing import Any

import pytest
from django.core import mail

from contact.models import ContactRequest
from tests.conftest import ROOT
from tests.e2e.helpers import field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = ROOT / "var" / "e2e"


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_find_council_then_write_to_it(page: Any, accessible: Any) -> None:
    page.goto("/conseils/")
    accessible("liste des conseils")
    shoot(page, "councils-list")
    field(page, "Numéro ou nom de votre département").fill("69")
    page.get_by_role("button", name="Trouver mon conseil").click()
    page.wait_for_url("**/conseils/69/")
    accessible("conseil du Rhône")
    shoot(page, "council-detail")
    assert page.locator("a[href^='tel:']").count() == 1

    page.get_by_role("link", name="Écrire au conseil").click()
    page.wait_for_url(re.compile(r"/contact/\?departement=69$"))
    assert field(page, "Département").input_value() == "69"
    page.get_by_label("Sujet").select_option("cotisation")
    field(page, "Nom et prénom").fill("Claire Martin")
    field(page, "Adresse électronique").fill("claire@exemple")
    page.get_by_label("Votre message").fill("Puis-je régler en trois fois\u00a0?")
    accessible("formulaire de contact")
    page.get_by_role("button", name="Envoyer mon message").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Votre message").input_value() == "Puis-je régler en trois fois\u00a0?"
    accessible("formulaire avec erreurs")
    shoot(page, "contact-errors")

    field(page, "Adresse électronique").fill("claire@exemple.test")
    page.get_by_role("button", name="Envoyer mon message").click()
    page.wait_for_url("**/contact/merci/")
    reference = ContactRequest.objects.get().reference
    assert reference in page.content()
    accessible("page de remerciement")
    shoot(page, "contact-thanks")
    assert any(reference in message.subject for message in mail.outbox)
