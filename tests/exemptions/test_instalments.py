"""A half exemption granted while a card plan in three runs: the next instalment takes only
what is left, the last one is cancelled, nothing is taken twice."""

import datetime

import pytest
from django.utils import timezone

from cotisations import tasks
from cotisations.models import CallStatus, Checkout, InstalmentStatus, PaymentStatus
from exemptions.models import ExemptionStatus
from exemptions.services import exemption_request_decide
from tests.exemptions.helpers import YEAR, campaign_with_call, filed, owner
from tests.roll.change_helpers import logged_in

pytestmark = pytest.mark.django_db


def _on(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


def test_half_granted_during_a_plan_in_three(
    monkeypatch, staff, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_PROVIDER = "dummy"
    call = campaign_with_call()
    client = logged_in(owner(call))
    _on(monkeypatch, datetime.date(YEAR, 1, 10))
    response = client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "instalments"})
    assert Checkout.objects.get(call=call).amount_cents == 12168
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"outcome": "pay", "card": "ok"})
    exemption_request_decide(
        request_id=filed(call).pk,
        staff=staff,
        decision=ExemptionStatus.GRANTED_HALF,
        reason="Revenus 2026 attestés.",
    )
    call.refresh_from_db()
    # 121,68 € paid fits in the new 182,50 €: kept, 60,82 € left to collect.
    assert (call.amount_cents, call.paid_cents, call.balance_cents) == (18250, 12168, 6082)
    for day in (datetime.date(YEAR, 2, 10), datetime.date(YEAR, 3, 10)):
        _on(monkeypatch, day)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.dues_daily.delay()
    call.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 18250)
    instalments = call.instalment_plan.instalments.order_by("number")
    assert [(i.amount_cents, i.status) for i in instalments] == [
        (12168, InstalmentStatus.PAID),
        (6082, InstalmentStatus.PAID),
        (12166, InstalmentStatus.CANCELLED),
    ]
    assert not call.payments.exclude(status=PaymentStatus.SUCCEEDED).exists()
    assert call.attestation.amount_cents == 18250
