"""The staff dashboard of the collection: figures per council, SVG charts, filters, access."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client

from cotisations.dashboards import collection_dashboard
from cotisations.models import DuesCall, Payment, PaymentMethod, PaymentStatus
from cotisations.services.calls import dues_call_exempt, dues_call_lock, payment_add
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariff_of_340_euros")]


YEAR = 2027
URL = "/admin/cotisations/campaign/tableau-de-bord/"
SVG = re.compile(r"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\".*?</svg>", re.S)


def _calls(departments: list[str], year: int = YEAR) -> list[DuesCall]:
    doctors = [DoctorFactory.create(department=d) for d in departments]
    campaign_open_calls(campaign_id=campaign_create(year=year).pk)
    return [DuesCall.objects.get(doctor=d, campaign__year=year) for d in doctors]


def _paid(call: DuesCall, cents: int, method: str, ref: str) -> Payment:
    with transaction.atomic():
        return payment_add(
            call=dues_call_lock(call_id=call.pk),
            amount_cents=cents,
            method=method,
            received_on=datetime.date(YEAR, 2, 1),
            provider="" if method in (PaymentMethod.CHEQUE, PaymentMethod.TRANSFER) else "x",
            provider_reference=ref,
        )


def _returned(call: DuesCall, cents: int, ref: str) -> Payment:
    return Payment.objects.create(
        call=call,
        amount_cents=cents,
        method=PaymentMethod.SEPA_DEBIT,
        provider="sepa_file",
        provider_reference=ref,
        status=PaymentStatus.RETURNED,
        received_on=datetime.date(YEAR, 2, 5),
    )


@pytest.fixture
def collection(db):
    """Lyon: a card payment in full, a SEPA debit of 100 € and one that came back, an exempt
    call. Paris: a cheque of 40 €. Another year that must not count."""
    lyon_card, lyon_sepa, lyon_exempt, paris = _calls(["69", "69", "69", "75"])
    _paid(lyon_card, lyon_card.amount_cents, PaymentMethod.CARD, "pi_1")
    _paid(lyon_sepa, 10000, PaymentMethod.SEPA_DEBIT, "pi_2")
    _returned(lyon_sepa, 12000, "pi_3")
    dues_call_exempt(call_id=lyon_exempt.pk, reason="Difficultés graves", actor=None)
    _paid(paris, 4000, PaymentMethod.CHEQUE, "")
    (elsewhere,) = _calls(["69"], year=YEAR - 1)
    _paid(elsewhere, 5000, PaymentMethod.TRANSFER, "")


@pytest.fixture
def staff_client(client: Client) -> Client:
    force_mfa_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_figures_per_council(collection):
    board = collection_dashboard(year=YEAR)
    lyon, paris = board.councils
    assert (lyon.code, paris.code) == ("69", "75")
    assert lyon.calls == 3
    assert lyon.expected_cents == 68000  # the exempt call is not expected
    assert lyon.collected_cents == 44000
    assert lyon.rate_permille == 647
    assert lyon.by_method == {PaymentMethod.CARD: 34000, PaymentMethod.SEPA_DEBIT: 10000}
    assert (lyon.returned_count, lyon.returned_cents) == (1, 12000)
    assert (lyon.exempt_calls, lyon.exempt_cents) == (1, 34000)
    assert paris.by_method == {PaymentMethod.CHEQUE: 4000}
    assert board.total.collected_cents == 48000
    assert board.total.expected_cents == 102000
    assert [(c.category, c.calls) for c in board.categories] == [("active", 4)]
    only_paris = collection_dashboard(year=YEAR, council="75")
    assert [c.code for c in only_paris.councils] == ["75"]
    assert only_paris.total.collected_cents == 4000


def test_page_draws_accessible_svg_charts_with_the_figures_beside(staff_client, collection):
    response = staff_client.get(URL, {"annee": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    charts = SVG.findall(page)
    assert len(charts) == 4
    for chart in charts:
        svg = ET.fromstring(chart)  # noqa: S314 (our own page)  well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{ns}title"), svg.find(f"{ns}desc")
        assert title is not None
        assert desc is not None
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        for rect in svg.iter(f"{ns}rect"):
            assert rect.find(f"{ns}title") is not None  # each bar says its value
    assert "<script" not in page.split('id="content"')[1]
    assert "style=" not in "".join(charts)  # CSP: no inline style
    methods = ET.fromstring(charts[1])  # noqa: S314 (our own page)
    bar_titles = [t.text for t in methods.iter("{http://www.w3.org/2000/svg}title")][1:]
    assert "Carte bancaire : 340,00\u00a0€" in bar_titles
    assert "Prélèvement SEPA : 100,00\u00a0€" in bar_titles
    assert "Chèque : 40,00\u00a0€" in bar_titles
    assert "Virement : 0,00\u00a0€" in bar_titles  # last year's transfer does not count
    table = page[page.index('id="dues-dashboard-councils"') :]
    assert "69 – Rhône" in table
    assert "64,7\u00a0%" in table
    assert "1 (120,00\u00a0€)" in table  # the returned debit
    assert "1 (340,00\u00a0€)" in table  # the exemption


def test_filter_on_one_council_and_a_bad_choice_is_named_on_its_field(staff_client, collection):
    page = staff_client.get(URL, {"annee": YEAR, "conseil": "75"}).content.decode()
    table = page[page.index('id="dues-dashboard-councils"') :]
    assert "75 – Paris" in table
    assert "69 – Rhône" not in table
    page = staff_client.get(URL, {"annee": "1900", "conseil": "zz"}).content.decode()
    assert "Choisissez une campagne de la liste." in page
    assert "Choisissez un conseil de la liste." in page
    assert f"Vue d’ensemble {YEAR}" in page  # the latest campaign instead, all councils


def test_a_fixed_number_of_queries_whatever_the_number_of_councils(
    staff_client, collection, django_assert_max_num_queries
):
    staff_client.get(URL, {"annee": YEAR})
    with django_assert_max_num_queries(12) as few:
        staff_client.get(URL, {"annee": YEAR})
    for department in ("01", "13", "33", "59", "2A", "974"):
        call = _calls([department], year=YEAR)  # campaign_create returns the existing one
        _paid(call[0], 1000, PaymentMethod.CARD, f"pi_{department}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(URL, {"annee": YEAR}).content.decode()
    assert "974 – La Réunion" in page


def test_staff_without_the_view_permission_get_403(client, collection):
    user = UserFactory(is_staff=True)
    force_mfa_login(client, user)
    assert client.get(URL).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_duescall"))
    user = type(user).objects.get(pk=user.pk)
    force_mfa_login(client, user)
    assert client.get(URL).status_code == 200


def test_doctors_never_see_it(client, collection):
    force_mfa_login(client, UserFactory())
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"chart" not in response.content


def test_no_campaign_yet(staff_client, db):
    page = staff_client.get(URL).content.decode()
    assert "Aucune campagne de cotisation n’a encore été créée." in page


def _csv(staff_client: Client, url: str) -> list[list[str]]:
    response = staff_client.get(url)
    assert response.streaming
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.lstrip("\ufeff").splitlines()]


def test_calls_csv_has_a_column_per_method_and_the_returned_and_disputed(staff_client, collection):
    campaign = DuesCall.objects.filter(campaign__year=YEAR).first().campaign  # type: ignore[union-attr]
    header, *rows = _csv(staff_client, f"/admin/cotisations/campaign/{campaign.pk}/export.csv")
    assert header[-7:] == [
        "carte",
        "fractionne",
        "cheque",
        "virement",
        "prelevement_sepa",
        "rejete",
        "conteste",
    ]
    assert len(rows) == 4
    by_status = {row[header.index("etat")]: row for row in rows}
    card = by_status["paid"]
    assert card[-7:] == ["340,00", "0,00", "0,00", "0,00", "0,00", "0,00", "0,00"]
    sepa = [r for r in rows if r[header.index("prelevement_sepa")] == "100,00"]
    assert len(sepa) == 1
    assert sepa[0][header.index("etat")] == "partially_paid"
    assert sepa[0][header.index("rejete")] == "120,00"  # came back: not in « regle »
    assert sepa[0][header.index("regle")] == "100,00"
    assert by_status["exempt"][-7:] == ["0,00"] * 7


def test_payments_csv_lists_every_payment_with_receipt_number_provider_and_status(
    staff_client, collection
):
    campaign = DuesCall.objects.filter(campaign__year=YEAR).first().campaign  # type: ignore[union-attr]
    header, *rows = _csv(staff_client, f"/admin/cotisations/campaign/{campaign.pk}/reglements.csv")
    assert header[:3] == ["annee", "numero_recu", "serie_recu"]
    assert {"moyen", "prestataire", "reference_prestataire", "etat"} <= set(header)
    column = {name: header.index(name) for name in header}
    lines = {(r[column["moyen"]], r[column["etat"]]): r for r in rows}
    assert set(lines) == {
        ("card", "succeeded"),
        ("sepa_debit", "succeeded"),
        ("sepa_debit", "returned"),
        ("cheque", "succeeded"),
    }  # last year's transfer is not in this campaign's file
    card = lines[("card", "succeeded")]
    assert card[column["numero_recu"]] == "2027-000001"
    assert card[column["serie_recu"]] == "69"
    assert card[column["prestataire"]] == "x"
    assert card[column["reference_prestataire"]] == "pi_1"
    assert card[column["montant"]] == "340,00"
    assert lines[("sepa_debit", "succeeded")][column["numero_recu"]] == "2027-000002"
    returned = lines[("sepa_debit", "returned")]
    assert returned[column["numero_recu"]] == ""  # never counted: no receipt
    assert returned[column["prestataire"]] == "sepa_file"
    assert lines[("cheque", "succeeded")][column["numero_recu"]] == "2027-000001"  # Paris
    assert lines[("cheque", "succeeded")][column["serie_recu"]] == "75"
