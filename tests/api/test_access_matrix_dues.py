"""The dues' object URLs, tried by every other account: receipts, attestations, statements,
checkouts, and the history page.

Doctor A has paid the year (a cheque recorded by staff: a payment, its receipt and the
attestation) and has an open card checkout. Doctor B, the student and the staff member try
each of A's URLs, web and API: 404 each time, logged by `django.request`; nothing changes.
"""

import datetime
import logging

import pytest
from django.urls import reverse

from cotisations.models import Attestation, Checkout, DuesCall, Payment
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_open
from cotisations.services.payments import checkout_start
from tests.factories import CompanyFactory, CompanyPartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_by_a(people, settings):
    settings.PAYMENT_PROVIDER = "dummy"
    a = people["medecin_a"]
    year = datetime.date.today().year
    campaign_open(year=year)
    call = DuesCall.objects.get(doctor=a.user.doctor, campaign__year=year)
    checkout = checkout_start(call_id=call.pk, user=a.user, mode="full")
    payment = payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method="cheque",
        received_on=datetime.date.today(),
        reference="CHQ 0042",
        actor=None,
    )
    return {"year": year, "call": call, "payment": payment, "checkout": checkout}


def state() -> list[object]:
    return [
        sorted(DuesCall.objects.values_list("pk", "status", "paid_cents")),
        sorted(Payment.objects.values_list("pk", "call_id", "status", "amount_cents")),
        sorted(Checkout.objects.values_list("pk", "status")),
        sorted(Attestation.objects.values_list("pk", "call_id")),
    ]


def test_no_dues_url_answers_another_account(people, paid_by_a, caplog):
    a = people["medecin_a"]
    payment, checkout, year = paid_by_a["payment"], paid_by_a["checkout"], paid_by_a["year"]
    assert a.web.get(reverse("cotisations:receipt", args=[payment.pk])).status_code == 200
    assert a.web.get(reverse("cotisations:attestation", args=[year])).status_code == 200
    assert a.web.get(reverse("cotisations:statement", args=[year])).status_code == 200
    history = reverse("cotisations:history")
    assert "CHQ 0042" in a.web.get(history).content.decode()
    before = state()
    attempts = [
        ("get", reverse("cotisations:receipt", args=[payment.pk]), None),
        ("get", reverse("cotisations:attestation", args=[year]), None),
        ("get", reverse("cotisations:checkout_return", args=[checkout.public_id]), None),
        ("get", reverse("cotisations:dummy_checkout", args=[checkout.public_id]), None),
        (
            "post",
            reverse("cotisations:dummy_checkout", args=[checkout.public_id]),
            {"outcome": "pay"},
        ),
    ]
    for key in ("medecin_b", "etudiant", "staff"):
        intruder = people[key]
        for method, url, data in attempts:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = getattr(intruder.web, method)(url, data or {})
            where = f"{key} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in response.content, where
            assert any(
                r.name == "django.request" and url in r.getMessage() for r in caplog.records
            ), where
        listing = intruder.api.get("/api/v1/cotisations/")
        assert "CHQ 0042" not in listing.content.decode(), key
        # The history and the year's statement are everyone's own: never A's.
        assert "CHQ 0042" not in intruder.web.get(history, follow=True).content.decode(), key
        statement = intruder.web.get(reverse("cotisations:statement", args=[year]))
        assert a.user.doctor.rpps not in statement.get("Content-Disposition", ""), key
        assert statement.status_code in (200, 404), key
    assert state() == before


def test_dues_admin_pages_are_staff_only(people, paid_by_a):
    urls = [
        reverse("admin:cotisations_payment_change", args=[paid_by_a["payment"].pk]),
        reverse("admin:cotisations_duescall_change", args=[paid_by_a["call"].pk]),
    ]
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant"):
            assert people[key].web.get(url, follow=True).status_code == 403, f"{key} → {url}"


def test_company_dues_answer_only_the_designated_partner(people, settings, caplog):
    """A company of A (designated) and B (partner): B, the student and staff get 404 on every
    URL of the company's dues, as any stranger does."""
    settings.PAYMENT_PROVIDER = "dummy"
    a, b = people["medecin_a"], people["medecin_b"]
    company = CompanyFactory(name="SCP A et B")
    CompanyPartnerFactory(company=company, doctor=a.user.doctor, is_designated=True)
    CompanyPartnerFactory(company=company, doctor=b.user.doctor)
    year = datetime.date.today().year
    campaign_open(year=year)
    call = DuesCall.objects.get(company=company, campaign__year=year)
    checkout = checkout_start(call_id=call.pk, user=a.user, mode="full")
    payment = payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method="transfer",
        received_on=datetime.date.today(),
        reference="VIR SCP 9",
        actor=None,
    )
    attestation = reverse("cotisations:company_attestation", args=[call.pk])
    assert a.web.get(attestation).status_code == 200
    before = state()
    attempts = [
        ("post", reverse("cotisations:company_pay", args=[call.pk]), {"mode": "full"}),
        ("get", attestation, None),
        ("get", reverse("cotisations:receipt", args=[payment.pk]), None),
        ("get", reverse("cotisations:checkout_return", args=[checkout.public_id]), None),
        ("get", reverse("cotisations:dummy_checkout", args=[checkout.public_id]), None),
    ]
    for key in ("medecin_b", "etudiant", "staff"):
        for method, url, data in attempts:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = getattr(people[key].web, method)(url, data or {})
            where = f"{key} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in response.content, where
            assert any(
                r.name == "django.request" and url in r.getMessage() for r in caplog.records
            ), where
        page = people[key].web.get("/espace/cotisations/").content.decode()
        assert "SCP A et B" not in page, key
    assert state() == before
