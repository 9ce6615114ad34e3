"""A doctor asks for a half exemption with a document; the departmental council grants it
half in the admin and the doctor sees the new amount. Another doctor's request is granted in
full. Every doctor page passes axe, at phone and desktop widths (screenshots kept)."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cotisations.models import CallStatus, DuesCall
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from exemptions.models import ExemptionRequest, ExemptionStatus
from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.e2e.helpers import click_and_load, field, log_in_with_totp
from tests.exemptions.helpers import PDF
from tests.factories import DoctorFactory, UserFactory
from tests.fixtures.vault import use_local_vault

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = ROOT / "var" / "e2e" / "exemptions"


def _doctor(email: str, last_name: str) -> tuple[Any, str]:
    user = UserFactory.create(
        email=email, doctor=DoctorFactory.create(first_name="Anne", last_name=last_name)
    )
    return user, enable_totp(user)


def _staff_page(browser: Any, live_server: Any, accessible: Any) -> Any:
    """The council's staff in a browser of their own (the doctor's session stays open)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    staff_page = context.new_page()
    staff = UserFactory.create(email="conseil75@ordre.test", is_staff=True, is_superuser=True)
    secret = enable_totp(staff)
    log_in_with_totp(
        staff_page, lambda *_: None, staff.email, secret, next_url="/admin/exemptions/"
    )
    return staff_page


def _decide(staff_page: Any, request: ExemptionRequest, decision: str, reason: str) -> None:
    staff_page.goto(f"/admin/exemptions/exemptionrequest/{request.pk}/change/")
    click_and_load(staff_page, staff_page.get_by_role("link", name="Décider"))
    staff_page.get_by_label(decision).check()
    staff_page.get_by_label("Motif de la décision").fill(reason)
    click_and_load(staff_page, staff_page.get_by_role("button", name="Enregistrer la décision"))
    assert "La décision est enregistrée" in staff_page.content()


@pytest.mark.parametrize("width", [390, 1280])
def test_half_then_total_exemption_decided_by_the_council(
    page, accessible, browser, live_server, settings, tmp_path, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    use_local_vault(settings, tmp_path / "vault")
    # The campaign of next year, open now and payable until 31 March: requests are in time.
    year = timezone.localdate().year + 1
    campaign = campaign_create(
        year=year, call_date=timezone.localdate(), deadline=datetime.date(year, 3, 31)
    )
    user, secret = _doctor("anne.durand@exemple.test", "Durand")
    other, _ = _doctor("paul.martin@exemple.test", "Martin")
    campaign_open_calls(campaign_id=campaign.pk)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_with_totp(page, accessible, user.email, secret, next_url="/espace/cotisations/")

    click_and_load(
        page, page.get_by_role("link", name="Demander une exonération de votre cotisation")
    )
    accessible("exonération : accueil")
    click_and_load(page, page.get_by_role("link", name="Demander une exonération"))
    accessible("exonération : formulaire")
    page.get_by_label("Exonération de moitié").check()
    field(page, "Votre situation, en quelques lignes").fill(
        "Cabinet fermé six mois après un dégât des eaux."
    )
    # No reason chosen: refused on its field, what was typed stays.
    click_and_load(page, page.get_by_role("button", name="Envoyer ma demande"))
    accessible("exonération : formulaire avec erreurs")
    page.screenshot(path=str(SHOTS / f"errors-{width}.png"), full_page=True)
    assert field(page, "Motif").get_attribute("aria-invalid") == "true"
    assert "dégât des eaux" in page.content()
    field(page, "Motif").select_option("financial")
    upload = tmp_path / "avis-imposition.pdf"
    upload.write_bytes(PDF)
    page.get_by_label(re.compile("Justificatifs")).set_input_files(str(upload))
    click_and_load(page, page.get_by_role("button", name="Envoyer ma demande"))
    assert re.search(r"/espace/cotisations/exoneration/\d+/$", page.url), page.url
    accessible("exonération : suivi")
    page.screenshot(path=str(SHOTS / f"submitted-{width}.png"), full_page=True)
    assert "En cours d’examen" in page.content()
    assert "Télécharger avis-imposition.pdf" in page.content()
    request = ExemptionRequest.objects.get(user=user)
    assert request.documents.count() == 1
    assert any("a bien été reçue" in m.subject for m in mail.outbox)

    staff_page = _staff_page(browser, live_server, accessible)
    _decide(staff_page, request, "Accorder une exonération de moitié", "Revenus 2026 attestés.")

    page.goto("/espace/cotisations/")
    accessible("cotisations après exonération de moitié")
    page.screenshot(path=str(SHOTS / f"halved-{width}.png"), full_page=True)
    content = page.inner_text("main")
    assert "182,50\u00a0€" in content
    assert "exonération de moitié de la cotisation" in content
    assert "Payer 182,50\u00a0€ en une fois" in content
    page.goto(f"/espace/cotisations/exoneration/{request.pk}/")
    assert "Exonération de moitié accordée" in page.content()
    assert "Revenus 2026 attestés." in page.content()

    # Another doctor's request, filed for a total exemption, granted in full.
    from exemptions.services import exemption_request_create

    other_call = DuesCall.objects.get(doctor=other.doctor)
    total = exemption_request_create(
        user=other,
        call_id=other_call.pk,
        kind="total",
        reason="illness",
        explanation="Invalidité reconnue depuis janvier.",
    )
    _decide(staff_page, total, "Accorder une exonération totale", "Invalidité attestée.")
    staff_page.context.close()
    other_call.refresh_from_db()
    total.refresh_from_db()
    assert (other_call.status, total.status) == (CallStatus.EXEMPT, ExemptionStatus.GRANTED_TOTAL)
    decided = [m.subject for m in mail.outbox if other.email in m.to]
    assert any("exonération totale accordée" in s for s in decided), decided
