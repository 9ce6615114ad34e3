"""The designated partner sees and pays the company's dues; no one else does."""

import datetime
import logging

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from cotisations.models import Attestation, DuesCall, Payment
from cotisations.providers.base import CHECKOUT_COMPLETED
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_open_calls
from cotisations.services.company_dues import company_partner_designate
from cotisations.services.payments import checkout_start
from tests.cotisations.company_helpers import company_of_two
from tests.cotisations.conftest import event_body, post_webhook
from tests.factories import CompanyPartnerFactory

pytestmark = pytest.mark.django_db

TITLE = "Cotisation de la société SCP Martin et Roux"


@pytest.fixture
def setup(campaign, settings):
    settings.PAYMENT_PROVIDER = "dummy"
    company = company_of_two()
    campaign_open_calls(campaign_id=campaign.pk)
    company.call = DuesCall.objects.get(company=company.company)
    return company


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay_in_full(call):
    return payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method="cheque",
        received_on=datetime.date(2027, 2, 3),
        reference="CHQ 77",
        actor=None,
    )


def test_only_the_designated_partner_sees_the_company_dues(setup):
    page = _client(setup.payer).get("/espace/cotisations/").content.decode()
    assert TITLE in page
    assert "365,00\u00a0€ pour la société" in page
    # Their own dues are still the page's main call.
    assert page.index("Cotisation 2027") < page.index(TITLE)
    other = _client(setup.other).get("/espace/cotisations/").content.decode()
    assert "Cotisation de la société" not in other
    assert "Cotisation 2027" in other


def test_the_designated_partner_pays_through_the_provider_page(setup):
    response = _client(setup.payer).post(
        reverse("cotisations:company_pay", args=[setup.call.pk]), {"mode": "instalments"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/paiement-test/")
    checkout = setup.call.checkouts.get()
    # Always in full: a saved card would stay the payer's after a change of partner.
    assert (checkout.mode, checkout.amount_cents) == ("full", setup.call.amount_cents)


def test_other_partners_and_strangers_get_404(setup, caplog):
    url = reverse("cotisations:company_pay", args=[setup.call.pk])
    with caplog.at_level(logging.WARNING, logger="portal.access"):
        response = _client(setup.other).post(url)
    assert response.status_code == 404
    assert any("DuesCall" in r.getMessage() for r in caplog.records)
    assert not setup.call.checkouts.exists()


def test_paid_company_year_attestation_and_receipt_name_the_company(setup):
    payment = _pay_in_full(setup.call)
    payer = _client(setup.payer)
    page = payer.get("/espace/cotisations/").content.decode()
    assert "Télécharger l’attestation de la société" in page
    attestation = payer.get(reverse("cotisations:company_attestation", args=[setup.call.pk]))
    assert attestation.status_code == 200
    assert attestation.content.startswith(b"%PDF")
    siren = setup.company.siren
    assert f"attestation-cotisation-2027-siren-{siren}.pdf" in attestation["Content-Disposition"]
    receipt = payer.get(reverse("cotisations:receipt", args=[payment.pk]))
    assert receipt.content.startswith(b"%PDF")
    html = render_to_string(
        "cotisations/pdf/receipt.html",
        {
            "payment": payment,
            "call": payment.call,
            "doctor": payment.call.doctor,
            "campaign": payment.call.campaign,
        },
    )
    assert "reçu de la société SCP Martin et Roux" in html
    assert f"SIREN {siren}" in html
    assert "associé désigné" in html
    # The other partner reaches neither.
    other = _client(setup.other)
    assert (
        other.get(reverse("cotisations:company_attestation", args=[setup.call.pk])).status_code
        == 404
    )
    assert other.get(reverse("cotisations:receipt", args=[payment.pk])).status_code == 404


def test_company_attestation_verifies_with_the_company_name(setup, client):
    _pay_in_full(setup.call)
    code = Attestation.objects.get(call=setup.call).code
    page = client.get(reverse("cotisations:verify", args=[code])).content.decode()
    assert "SCP Martin et Roux" in page
    assert setup.company.siren in page
    assert "RPPS" not in page


def test_unpaid_company_attestation_is_404(setup):
    url = reverse("cotisations:company_attestation", args=[setup.call.pk])
    assert _client(setup.payer).get(url).status_code == 404


def test_after_a_change_of_partner_the_new_one_sees_and_pays_it(setup):
    company_partner_designate(company_id=setup.company.pk, doctor_id=setup.other.doctor_id)
    assert TITLE in _client(setup.other).get("/espace/cotisations/").content.decode()
    assert TITLE not in _client(setup.payer).get("/espace/cotisations/").content.decode()
    url = reverse("cotisations:company_pay", args=[setup.call.pk])
    assert _client(setup.payer).post(url).status_code == 404
    assert _client(setup.other).post(url).status_code == 302


def test_card_payment_by_webhook_pays_it_and_the_email_names_the_company(
    setup, client, django_capture_on_commit_callbacks
):
    checkout = checkout_start(call_id=setup.call.pk, user=setup.payer, mode="full")
    body = event_body(
        CHECKOUT_COMPLETED,
        event_id="evt_company_1",
        checkout=checkout.public_id,
        payment="pi_company_1",
        amount_cents=checkout.amount_cents,
        customer="cus_1",
        payment_method="pm_1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, body).status_code == 200
        assert post_webhook(client, body).status_code == 200  # a replay counts once
    setup.call.refresh_from_db()
    assert setup.call.status == "paid"
    assert Payment.objects.filter(call=setup.call).count() == 1
    [message] = mail.outbox
    assert message.to == [setup.payer.email]
    assert "de la société SCP Martin et Roux" in message.body
    assert "La cotisation 2027 de la société est entièrement réglée" in message.body


def test_the_company_panel_writes_french_as_the_guide_says(setup):
    from tests.portal.test_typography import french_faults

    _pay_in_full(setup.call)  # the paid state shows the attestation and the receipts too
    page = _client(setup.payer).get("/espace/cotisations/").content.decode()
    assert TITLE in page
    assert french_faults(page) == []


def test_the_space_reads_companies_in_constant_queries(setup, django_assert_max_num_queries):
    second = company_of_two(name="SCP Seconde")
    # The payer of the first company is also a partner of the second, and pays it.
    CompanyPartnerFactory(company=second.company, doctor=setup.payer.doctor)
    company_partner_designate(company_id=second.company.pk, doctor_id=setup.payer.doctor_id)
    campaign_open_calls(campaign_id=setup.call.campaign_id)
    _pay_in_full(setup.call)
    client = _client(setup.payer)
    client.get("/espace/cotisations/")  # the session and the caches warm up
    with django_assert_max_num_queries(7):
        page = client.get("/espace/cotisations/").content.decode()
    assert TITLE in page
    assert "Cotisation de la société SCP Seconde" in page
