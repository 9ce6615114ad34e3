"""A doctor signals a change of address from their space, with a supporting document, then
staff accept it: every page passes axe, at phone and desktop widths."""

import re

import pytest
from django.core import mail

from roll.models import ChangeRequest, ChangeStatus
from roll.services.changes import change_request_approve
from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.e2e.helpers import field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory
from tests.fixtures.vault import use_local_vault
from tests.roll.change_helpers import PDF, paris_council

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "anne.durand@exemple.test"
# Screenshots to look at, next to the failure artefacts of the other journeys.
SHOTS = ROOT / "var" / "e2e" / "change-requests"


@pytest.mark.parametrize("width", [390, 1280])
def test_doctor_signals_a_change_and_follows_it(page, accessible, settings, tmp_path, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    use_local_vault(settings, tmp_path / "vault")
    paris_council()
    doctor = DoctorFactory(first_name="Anne", last_name="Durand")
    user = UserFactory.create(email=EMAIL)
    user.doctor = doctor
    user.save(update_fields=["doctor"])
    secret = enable_totp(user)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_with_totp(page, accessible, EMAIL, secret)

    page.get_by_role("link", name="Signaler une modification").click()
    page.wait_for_url(re.compile(r"/espace/modifications/nouvelle/$"))
    accessible("formulaire de modification")
    field(page, "Code postal").fill("750")
    page.get_by_role("button", name="Envoyer ma demande").click()
    accessible("formulaire avec erreurs")
    page.screenshot(path=str(SHOTS / f"errors-{width}.png"), full_page=True)
    assert field(page, "Code postal").get_attribute("aria-invalid") == "true"

    field(page, "Adresse professionnelle (numéro et voie)").fill("3 avenue Daumesnil")
    field(page, "Code postal").fill("75012")
    field(page, "Explication").fill("Installation dans un nouveau cabinet le 1er mars.")
    upload = tmp_path / "bail.pdf"
    upload.write_bytes(PDF)
    page.get_by_label(re.compile("Justificatif")).set_input_files(str(upload))
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r"/espace/modifications/\d+/$"))
    accessible("suivi de la demande")
    page.screenshot(path=str(SHOTS / f"detail-{width}.png"), full_page=True)
    assert "En attente" in page.content()
    assert any("bien été reçue" in m.subject for m in mail.outbox)

    staff = UserFactory.create(email="instruction@ordre.test", is_staff=True)
    change_request_approve(request=ChangeRequest.objects.get(), staff=staff)
    page.goto("/espace/modifications/")
    accessible("liste des demandes")
    assert "Acceptée" in page.content()
    page.goto("/espace/")
    accessible("mon espace")
    page.screenshot(path=str(SHOTS / f"space-{width}.png"), full_page=True)
    assert ChangeRequest.objects.get().status == ChangeStatus.APPROVED
    assert "3 avenue Daumesnil" in page.content()
