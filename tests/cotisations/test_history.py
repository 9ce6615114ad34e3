"""The history page, the yearly statement, and what the receipts and attestations now carry."""

import datetime

import pytest
from django.test import Client

from cotisations import documents, selectors
from cotisations.models import Attestation, Campaign, DuesCall, Payment, PaymentMethod
from cotisations.services.calls import payment_record_offline, payment_refund
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from councils.models import Council
from tests.cotisations.conftest import YEAR
from tests.cotisations.pdf_text import laid_out_text
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariff_of_340_euros")]


def _pay(
    call: DuesCall, cents: int, *, method=PaymentMethod.CHEQUE, day=15, ref="CHQ 1"
) -> Payment:
    return payment_record_offline(
        call_id=call.pk,
        amount_cents=cents,
        method=method,
        received_on=datetime.date(call.campaign.year, 1, day),
        reference=ref,
        actor=None,
    )


@pytest.fixture
def lyon_doctor(db):
    doctor = DoctorFactory(department="69", rpps="10003456788")
    user = UserFactory.create(email="dr.lyon@exemple.test", doctor=doctor)
    client = Client()
    client.force_login(user)
    return client, doctor


def _years(doctor, first: int, count: int) -> list[DuesCall]:
    for year in range(first, first + count):
        campaign_open_calls(campaign_id=campaign_create(year=year).pk)
    return list(DuesCall.objects.filter(doctor=doctor).order_by("campaign__year"))


def test_history_lists_every_year_with_payments_receipts_and_documents(lyon_doctor):
    client, doctor = lyon_doctor
    calls = _years(doctor, 1997, 30)
    _pay(calls[0], calls[0].amount_cents, ref="CHQ 1997")
    _pay(calls[-1], 10000, method=PaymentMethod.TRANSFER, ref="VIR 2026")
    page = client.get("/espace/cotisations/historique/").content.decode()
    assert page.count('<tr id="annee-') == 30
    assert page.index("annee-2026") < page.index("annee-1997")  # newest first
    assert "CHQ 1997" in page
    assert "VIR 2026" in page
    assert "reçu n° 1997-000001 (PDF)" in page
    assert "reçu n° 2026-000001 (PDF)" in page
    assert 'href="/espace/cotisations/1997/attestation/"' in page  # paid in full
    assert 'href="/espace/cotisations/2026/attestation/"' not in page  # partly paid
    assert 'href="/espace/cotisations/2026/releve/"' in page
    assert "reste 240,00\u00a0€" in page
    # The dues page links here.
    assert (
        'href="/espace/cotisations/historique/"'
        in client.get("/espace/cotisations/").content.decode()
    )


def test_history_needs_a_claimed_doctor(client, db):
    assert client.get("/espace/cotisations/historique/").status_code == 302  # login first
    client.force_login(UserFactory.create(email="sans-inscription@exemple.test"))
    assert client.get("/espace/cotisations/historique/").status_code == 404


def test_history_of_a_doctor_never_called(lyon_doctor):
    client, _doctor = lyon_doctor
    page = client.get("/espace/cotisations/historique/").content.decode()
    assert "Aucun appel de cotisation" in page


def test_statement_pdf_lists_the_call_payments_refunds_and_balance(lyon_doctor):
    client, doctor = lyon_doctor
    (call,) = _years(doctor, YEAR, 1)
    kept = _pay(call, 20000, ref="CHQ 111", day=10)
    refunded = _pay(call, 5000, method=PaymentMethod.TRANSFER, ref="VIR 222", day=12)
    payment_refund(payment_id=refunded.pk, reason="Virement en double", actor=None)
    response = client.get(f"/espace/cotisations/{YEAR}/releve/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="releve-cotisation-{YEAR}-10003456788.pdf"'
    )
    call.refresh_from_db()
    payments = list(selectors.payment_list(call=call))
    assert [p.pk for p in payments] == [kept.pk, refunded.pk]
    html = documents.statement_html(call=call, payments=payments, today=datetime.date(YEAR, 3, 1))
    text = laid_out_text(html)
    for expected in (
        f"Relevé annuel de cotisation {YEAR}",
        "RPPS 10003456788",
        "Montant appelé 340,00 €",
        "10 janvier 2027 Chèque (CHQ 111) n° 2027-000001 Reçu 200,00 €",
        "12 janvier 2027 Virement (VIR 222) n° 2027-000002 Remboursé (Virement en double) "
        "(50,00 €)",
        "Total réglé 200,00 €",
        "Solde restant dû 140,00 €",
        "Relevé établi le 1er mars 2027",
        "Conseil départemental de l’Ordre des médecins — Rhône",
    ):
        assert expected in text, expected


def test_statement_of_a_year_without_a_call_is_404(lyon_doctor):
    client, doctor = lyon_doctor
    _years(doctor, YEAR, 1)
    assert client.get(f"/espace/cotisations/{YEAR - 1}/releve/").status_code == 404


def test_receipt_carries_its_number_and_the_council_and_its_file_name_year_and_rpps(
    lyon_doctor,
):
    client, doctor = lyon_doctor
    (call,) = _years(doctor, YEAR, 1)
    payment = _pay(call, 10000)
    response = client.get(f"/espace/cotisations/recus/{payment.pk}/")
    assert (
        response["Content-Disposition"] == 'attachment; filename="recu-2027-000001-10003456788.pdf"'
    )
    text = laid_out_text(documents.receipt_html(payment=payment))
    assert "Reçu de paiement n° 2027-000001" in text
    lyon = Council.objects.get(code="69")
    assert f"{lyon.name} {lyon.street} {lyon.postcode} {lyon.city}" in text


def test_attestation_shows_place_and_date_of_issue_and_the_council(lyon_doctor):
    client, doctor = lyon_doctor
    (call,) = _years(doctor, YEAR, 1)
    _pay(call, call.amount_cents)
    attestation = Attestation.objects.get(call=call)
    Attestation.objects.filter(pk=attestation.pk).update(
        issued_at=datetime.datetime(2027, 1, 16, 9, 0, tzinfo=datetime.UTC)
    )
    attestation.refresh_from_db()
    response = client.get(f"/espace/cotisations/{YEAR}/attestation/")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="attestation-cotisation-{YEAR}-10003456788.pdf"'
    )
    text = laid_out_text(documents.attestation_html(attestation=attestation))
    lyon = Council.objects.get(code="69")
    assert f"Fait à {lyon.city}, le 16 janvier 2027." in text
    assert f"{lyon.name} {lyon.street} {lyon.postcode} {lyon.city}" in text
    assert f"Le {lyon.name} atteste que" in text
    if lyon.phone:
        assert lyon.phone in text


def test_documents_fall_back_to_the_national_council_without_a_departmental_one(lyon_doctor):
    _client, doctor = lyon_doctor
    (call,) = _years(doctor, YEAR, 1)
    Council.objects.filter(code="69").delete()
    payment = _pay(call, call.amount_cents)
    text = laid_out_text(documents.attestation_html(attestation=Attestation.objects.get(call=call)))
    national = Council.objects.get(code="CNOM")
    assert national.name in text
    assert f"Fait à {national.city or 'Paris'}," in text
    assert Campaign.objects.count() == 1
    assert payment.receipt.council == "69"  # its series stays the département
