"""The designated partner pays a company's dues with the dummy provider; the other partner
never sees them. Screenshots at 390 and 1280 px under var/e2e/company-dues/."""

import datetime
import re
from pathlib import Path

import pytest

from cotisations.models import DuesCall
from cotisations.services.campaigns import campaign_open
from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.e2e.helpers import log_in_with_totp
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = ROOT / "var" / "e2e" / "company-dues"
COMPANY = "SELARL Cabinet du Parc"


@pytest.fixture(autouse=True)
def _dummy_provider(settings):
    settings.PAYMENT_PROVIDER = "dummy"


def _partner(first: str, last: str, company, *, designated: bool):
    doctor = DoctorFactory(first_name=first, last_name=last)
    CompanyPartnerFactory(company=company, doctor=doctor, is_designated=designated)
    user = UserFactory.create(email=f"{first.lower()}.{last.lower()}@exemple.test", doctor=doctor)
    return user, enable_totp(user)


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_designated_partner_pays_the_company_dues(page, accessible):
    company = CompanyFactory(name=COMPANY, legal_form="selarl")
    payer, payer_secret = _partner("Claire", "Fabre", company, designated=True)
    other, other_secret = _partner("Louis", "Garnier", company, designated=False)
    year = datetime.date.today().year
    campaign_open(year=year)
    call = DuesCall.objects.get(company=company)

    log_in_with_totp(page, accessible, payer.email, payer_secret, next_url="/espace/cotisations/")
    heading = page.get_by_role("heading", name=f"Cotisation de la société {COMPANY} — {year}")
    heading.wait_for()
    accessible("cotisations avec la société")
    _shoot(page, "space-before")
    page.get_by_role("button", name=re.compile(r"^Payer .* pour la société$")).click()

    page.wait_for_url(re.compile(r"/paiement-test/"))
    accessible("page de paiement (test)")
    page.get_by_role("button", name="Payer", exact=True).click()
    page.wait_for_url(re.compile(r"/espace/cotisations/retour/"))
    page.get_by_text(f"de la société {COMPANY} est entièrement réglée").wait_for()
    accessible("retour du paiement")

    page.goto("/espace/cotisations/")
    accessible("cotisation de la société payée")
    _shoot(page, "space-paid")
    call.refresh_from_db()
    assert call.status == "paid"
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger l’attestation de la société")).click()
    download = download_info.value
    assert download.suggested_filename == (
        f"attestation-cotisation-{year}-siren-{company.siren}.pdf"
    )
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # The other partner, once logged in on this browser, sees their own dues only.
    page.context.clear_cookies()
    log_in_with_totp(page, accessible, other.email, other_secret, next_url="/espace/cotisations/")
    page.get_by_role("heading", name=f"Cotisation {year}", exact=True).wait_for()
    accessible("cotisations de l’autre associé")
    assert COMPANY not in page.content()
    response = page.goto(f"/espace/cotisations/societes/{call.pk}/attestation/")
    assert response is not None
    assert response.status == 404
