"""Fixtures of the dues tests: a campaign, the root `doctor_user`'s call, signed webhooks."""

import datetime
import json
import time

import pytest
from django.test import Client

from cotisations.models import DuesCall, Payment, PaymentMethod
from cotisations.providers import dummy
from cotisations.providers.base import CHECKOUT_COMPLETED
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from tests.cotisations.fake_stripe import running_fake_stripe

YEAR = 2027


@pytest.fixture
def campaign(db):
    return campaign_create(year=YEAR)


@pytest.fixture
def call(campaign, doctor_user) -> DuesCall:
    campaign_open_calls(campaign_id=campaign.pk)
    return DuesCall.objects.get(doctor=doctor_user.doctor, campaign=campaign)


def pay_offline(call: DuesCall, cents: int = 36500) -> Payment:
    """A transfer received on 15 January, recorded by staff."""
    return payment_record_offline(
        call_id=call.pk,
        amount_cents=cents,
        method=PaymentMethod.TRANSFER,
        received_on=datetime.date(2027, 1, 15),
        reference="VIR 42",
        actor=None,
    )


@pytest.fixture
def fake_stripe(settings):
    """The portal's Stripe provider talking to a local fake of Stripe's API."""
    with running_fake_stripe(settings) as fake:
        yield fake


def post_webhook(client: Client, body: bytes, *, timestamp: int | None = None, header=None):
    """Deliver a dummy-provider webhook over HTTP, signed unless `header` is given."""
    signature = header if header is not None else dummy.sign(body, timestamp=timestamp)
    return client.post(
        "/paiement/webhook/dummy/",
        data=body,
        content_type="application/json",
        headers={dummy.SIGNATURE_HEADER: signature},
    )


def event_body(event_type: str, *, event_id: str | None = None, **data) -> bytes:
    body = json.loads(dummy.new_event(event_type, data))
    if event_id:
        body["id"] = event_id
    body["created"] = int(time.time())
    return json.dumps(body).encode()


def completed_event(checkout, *, event_id: str | None = None, payment: str = "pi_1"):
    """The provider's "checkout completed" event for all of `checkout`'s amount."""
    return event_body(
        CHECKOUT_COMPLETED,
        event_id=event_id,
        checkout=checkout.public_id,
        payment=payment,
        amount_cents=checkout.amount_cents,
        customer="cus_1",
        payment_method="pm_1",
    )


def admin_refund(staff_client: Client, payment_id: int, reason: str) -> tuple[str, str]:
    """Staff refund one payment from its admin list: (confirmation page, page after applying)."""
    url = "/admin/cotisations/payment/"
    selected = {"action": "refund", "_selected_action": [payment_id]}
    confirmation = staff_client.post(url, selected).content.decode()
    applied = staff_client.post(url, {**selected, "apply": "1", "reason": reason}, follow=True)
    return confirmation, applied.content.decode()


@pytest.fixture
def tariff_of_340_euros(settings):
    """The active tariff before the 2026 figures (105 + 40 + 195 €): the tests whose worked
    amounts were written on it keep them."""
    settings.DUES_TARIFF_ACTIVE = "105.00,40.00,195.00"
