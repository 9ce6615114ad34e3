"""A doctor of 30 years reads their dues history and downloads a statement; staff read the
collection dashboard. Both at 390 px (a phone) and 1280 px: nothing scrolls sideways, axe
finds no WCAG 2.1 AA violation, and no CSP violation (the page fixture fails on any).

Screenshots go to var/e2e/screens (or E2E_SCREENSHOTS).
"""

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

from cotisations.models import DuesCall, PaymentMethod, PaymentStatus
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from tests.auth_helpers import enable_totp
from tests.conftest import ROOT
from tests.e2e.helpers import click_and_load, log_in_with_totp
from tests.e2e.test_phone_layout import LAYOUT_JS, WIDTHS
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS") or ROOT / "var" / "e2e" / "screens")


def _fits(page: Any, label: str) -> None:
    layout = page.evaluate(LAYOUT_JS)
    assert layout["sw"] <= layout["vw"], f"{label}: scrolls sideways ({layout})"
    assert not layout["outside"], f"{label}: controls off screen {layout['outside']}"


def _at_both_widths(page: Any, accessible: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        _fits(page, f"{name} at {width} px")
        accessible(f"{name} at {width} px")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert width_name


def _thirty_years() -> tuple[Any, str]:
    doctor = DoctorFactory.create(department="69", rpps="10003456788", last_name="Lefèvre-Marchand")
    user = UserFactory.create(email="dr.lefevre@exemple.test", doctor=doctor)
    secret = enable_totp(user)
    for year in range(1997, 2027):
        campaign_open_calls(campaign_id=campaign_create(year=year).pk)
    for call in DuesCall.objects.filter(doctor=doctor).select_related("campaign"):
        year = call.campaign.year
        if year == 2026:
            payment_record_offline(
                call_id=call.pk,
                amount_cents=12000,
                method=PaymentMethod.TRANSFER,
                received_on=datetime.date(year, 2, 3),
                reference="VIR-2026-CPAM-REMBOURSEMENT-TRES-LONGUE-REFERENCE-BANCAIRE",
                actor=None,
            )
            continue
        payment_record_offline(
            call_id=call.pk,
            amount_cents=call.amount_cents,
            method=PaymentMethod.CHEQUE if year % 2 else PaymentMethod.TRANSFER,
            received_on=datetime.date(year, 3, 1),
            reference=f"CHQ {year}",
            actor=None,
        )
    return user, secret


def test_a_doctor_of_thirty_years_reads_the_history_and_downloads_a_statement(page, accessible):
    user, secret = _thirty_years()
    log_in_with_totp(page, accessible, user.email, secret, next_url="/espace/cotisations/")
    click_and_load(page, page.get_by_role("link", name="Historique de toutes mes cotisations"))
    assert page.url.endswith("/espace/cotisations/historique/")
    rows = page.locator("table.dues-history tbody tr")
    assert rows.count() == 30
    assert rows.first.locator("th").inner_text().split() == ["Cotisation", "2026"]
    assert "reçu n° 1997-000001 (PDF)" in page.content()
    _at_both_widths(page, accessible, "dues-history")
    with page.expect_download() as download:
        page.get_by_role("link", name="Relevé annuel 2026 (PDF)").click()
    assert download.value.suggested_filename == "releve-cotisation-2026-10003456788.pdf"
    with page.expect_download() as download:
        page.get_by_role("link", name="reçu n° 1998-000001 (PDF)").click()
    assert download.value.suggested_filename == "recu-1998-000001-10003456788.pdf"


def test_staff_read_the_collection_dashboard(page, accessible):
    for index, department in enumerate(["01", "13", "2A", "33", "59", "69", "75", "974"]):
        doctor = DoctorFactory(department=department)
        UserFactory.create(email=f"dr{index}@exemple.test", doctor=doctor)
    campaign_open_calls(campaign_id=campaign_create(year=2027).pk)
    calls = list(DuesCall.objects.select_related("doctor"))
    for index, call in enumerate(calls[:5]):
        payment_record_offline(
            call_id=call.pk,
            amount_cents=call.amount_cents // (index + 1),
            method=PaymentMethod.CHEQUE if index % 2 else PaymentMethod.TRANSFER,
            received_on=datetime.date(2027, 2, 1),
            reference=f"REF {index}",
            actor=None,
        )
    calls[5].payments.create(
        amount_cents=34000,
        method=PaymentMethod.SEPA_DEBIT,
        provider="sepa_file",
        provider_reference="RUM-1",
        status=PaymentStatus.RETURNED,
        received_on=datetime.date(2027, 2, 5),
    )
    staff = UserFactory.create(email="tresorerie@ordre.test", is_staff=True, is_superuser=True)
    secret = enable_totp(staff)
    log_in_with_totp(page, accessible, staff.email, secret, next_url="/admin/")
    page.goto("/admin/cotisations/campaign/")
    click_and_load(page, page.get_by_role("link", name="Tableau de bord"))
    assert page.locator("svg.chart").count() == 4
    assert "Prélèvements rejetés" in page.locator("#chart-overview").inner_html()
    _at_both_widths(page, accessible, "dues-dashboard")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Conseil départemental", exact=True).select_option("69")
    click_and_load(page, page.get_by_role("button", name="Afficher"))
    table = page.locator("#dues-dashboard-councils tbody")
    assert table.locator("tr").count() == 1
    assert "69 – Rhône" in table.inner_text()
