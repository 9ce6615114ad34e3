"""R1 #5: a well-signed webhook whose content is absurd is kept for staff, never a 500.

Written from the sender's side: every event below carries a valid signature (the dummy
provider's HMAC, Stripe's SDK signing helper), over HTTP through the webhook view. Before the
fix an absurd amount raised inside the ledger transaction (500, row rolled back, retried by
the provider forever) and a malformed field was answered 400 (retried just the same).
"""

import json
import logging
import time

import pytest
import stripe
from django.test import Client

from cotisations import selectors
from cotisations.models import CallStatus, InstalmentStatus, Payment, ProviderEvent
from cotisations.providers import dummy
from cotisations.providers.base import CHARGE_SUCCEEDED, CHECKOUT_COMPLETED
from cotisations.services.payments import checkout_start
from tests.auth_helpers import force_mfa_login
from tests.cotisations.conftest import event_body, post_webhook
from tests.cotisations.fake_stripe import WEBHOOK_SECRET, stripe_webhook
from tests.cotisations.test_stripe import _session_completed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Deliveries answer like production: an exception in the view is a 500, not a test error.
SENDER = {"raise_request_exception": False}

DUMMY_PROBLEMS = {
    "absurd amount": {"amount_cents": 10**12},
    "negative amount": {"amount_cents": -36500},
    "amount as text": {"amount_cents": "36500"},
    "fractional amount": {"amount_cents": 340.5},
    "amount as boolean": {"amount_cents": True},
    "amount other than the checkout's": {"amount_cents": 36501},
    "foreign currency": {"currency": "usd"},
    "reference with a path": {"payment": "../../pi_1"},
    "reference too long": {"payment": "p" * 256},
    "reference not text": {"customer": {"id": "cus_1"}},
    "malformed instalment": {"instalment": "12; DROP"},
}


def _completed_data(checkout, **overrides):
    data = {
        "checkout": checkout.public_id,
        "payment": "pi_1",
        "amount_cents": checkout.amount_cents,
        "currency": "eur",
        "customer": "cus_1",
        "payment_method": "pm_1",
    }
    data.update(overrides)
    return data


def _assert_kept_for_staff(call, *, deliveries):
    """Every delivery answered 200; one ledger row with its error, nothing applied."""
    assert [response.status_code for response in deliveries] == [200] * len(deliveries)
    event = ProviderEvent.objects.get()
    assert event.error
    assert event.processed_at is None
    assert list(selectors.provider_events_to_review()) == [event]
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert call.paid_cents == 0
    assert not Payment.objects.exists()
    return event


@pytest.mark.parametrize("overrides", DUMMY_PROBLEMS.values(), ids=DUMMY_PROBLEMS.keys())
def test_a_signed_dummy_event_with_an_invalid_field_is_kept_and_answered_200(
    call, doctor_user, overrides
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = event_body(CHECKOUT_COMPLETED, **_completed_data(checkout, **overrides))
    sender = Client(**SENDER)
    # The same event redelivered (as a provider does until it gets a 2xx) stays one row.
    _assert_kept_for_staff(call, deliveries=[post_webhook(sender, body) for _ in range(2)])


@pytest.mark.parametrize(
    "body",
    [b"not json at all", b"[1, 2, 3]", b'{"id": "evt_x", "type": "checkout.completed"}'],
    ids=["not JSON", "not an object", "no data"],
)
def test_a_signed_unreadable_body_is_kept_under_an_id_of_its_own(call, body):
    sender = Client(**SENDER)
    event = _assert_kept_for_staff(call, deliveries=[post_webhook(sender, body) for _ in range(2)])
    assert event.error == "unreadable event"


def test_an_instalment_charge_with_another_amount_is_kept(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="instalments")
    post_webhook(client, event_body(CHECKOUT_COMPLETED, **_completed_data(checkout)))
    second = call.instalment_plan.instalments.get(number=2)
    body = event_body(
        CHARGE_SUCCEEDED, instalment=second.pk, payment="pi_2", amount_cents=10**9, currency="eur"
    )
    assert post_webhook(Client(**SENDER), body).status_code == 200
    second.refresh_from_db()
    assert second.status != InstalmentStatus.PAID
    refused = ProviderEvent.objects.exclude(error="").get()
    assert refused.error == "amount: differs from the instalment's"
    assert call.payments.count() == 1


def test_the_refusal_is_logged_without_the_event_content(call, doctor_user, caplog):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = event_body(
        CHECKOUT_COMPLETED,
        event_id="evt_absurd",
        **_completed_data(checkout, amount_cents=10**12, customer="cus_Dupont"),
    )
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        post_webhook(Client(**SENDER), body)
    [line] = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert "evt_absurd" in line
    assert "amount_cents" in line
    assert "cus_Dupont" not in line
    assert str(10**12) not in line
    assert checkout.public_id not in line


def test_a_valid_event_after_an_invalid_one_still_pays(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    post_webhook(
        Client(**SENDER),
        event_body(CHECKOUT_COMPLETED, **_completed_data(checkout, amount_cents=10**12)),
    )
    post_webhook(client, event_body(CHECKOUT_COMPLETED, **_completed_data(checkout)))
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert ProviderEvent.objects.filter(processed_at__isnull=False).count() == 1


def test_a_bad_signature_is_still_refused_and_not_stored(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = event_body(CHECKOUT_COMPLETED, **_completed_data(checkout, amount_cents=10**12))
    forged = dummy.sign(body, secret="not-the-secret")
    assert post_webhook(client, body, header=forged).status_code == 400
    assert not ProviderEvent.objects.exists()


# ---- Stripe, signed with the SDK's own helper ---------------------------------------------


def _stripe_intent(checkout, **fields):
    obj = {
        "id": "pi_first",
        "object": "payment_intent",
        "amount": checkout.amount_cents,
        "amount_received": checkout.amount_cents,
        "currency": "eur",
        "status": "succeeded",
        "metadata": {"checkout": checkout.public_id},
    }
    obj.update(fields)
    return {
        "id": "evt_pi",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {"object": obj},
    }


def _stripe_session(checkout, **fields):
    event = _session_completed(checkout)
    event["data"]["object"].update(fields)
    return event


STRIPE_PROBLEMS = {
    "absurd amount_total": lambda c: _stripe_session(c, amount_total=10**12),
    "amount_total as text": lambda c: _stripe_session(c, amount_total="36500"),
    "session in dollars": lambda c: _stripe_session(c, currency="usd"),
    "session without a currency": lambda c: _stripe_session(c, currency=None),
    "unknown payment_status": lambda c: _stripe_session(c, payment_status="bogus"),
    "malformed payment_intent": lambda c: _stripe_session(c, payment_intent="pi_1\nX"),
    "malformed checkout reference": lambda c: _stripe_session(
        c, metadata={"checkout": "x" * 41}, client_reference_id=None
    ),
    "absurd amount_received": lambda c: _stripe_intent(c, amount_received=-1),
    "intent status contradicts the type": lambda c: _stripe_intent(
        c, status="requires_payment_method"
    ),
    "malformed instalment metadata": lambda c: _stripe_intent(
        c, metadata={"instalment": "1 OR 1=1"}
    ),
}


@pytest.mark.parametrize("make", STRIPE_PROBLEMS.values(), ids=STRIPE_PROBLEMS.keys())
def test_a_signed_stripe_event_with_an_invalid_field_is_kept_and_answered_200(
    fake_stripe, call, doctor_user, make
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    event = make(checkout)
    sender = Client(**SENDER)
    _assert_kept_for_staff(call, deliveries=[stripe_webhook(sender, event) for _ in range(2)])
    assert ProviderEvent.objects.get().event_id == event["id"]


def test_a_signed_stripe_body_that_is_not_json_is_kept(fake_stripe, call):
    payload = "{not json"
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    sender = Client(**SENDER)
    deliveries = [
        sender.post(
            "/paiement/webhook/stripe/",
            data=payload,
            content_type="application/json",
            headers={"Stripe-Signature": header},
        )
        for _ in range(2)
    ]
    assert _assert_kept_for_staff(call, deliveries=deliveries).event_id.startswith("sha256-")


# ---- Raised to staff ------------------------------------------------------------------------


def test_staff_find_it_in_the_panel_and_mark_it_handled(call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    post_webhook(
        Client(**SENDER),
        event_body(CHECKOUT_COMPLETED, **_completed_data(checkout, amount_cents=10**12)),
    )
    staff = UserFactory.create(email="staff@ordre.test", staff=True)
    admin = Client()
    force_mfa_login(admin, staff)
    index = admin.get("/admin/").content.decode()
    link = "/admin/cotisations/providerevent/?a_traiter=oui"
    assert link in index
    changelist = admin.get(link)
    [shown] = changelist.context["cl"].result_list
    assert shown.error == "amount_cents: amount out of range"
    admin.post(link, {"action": "mark_handled", "_selected_action": [shown.pk]})
    assert not selectors.provider_events_to_review().exists()
    shown.refresh_from_db()
    assert shown.processed_at is not None
    assert shown.error


def test_the_payload_is_kept_for_staff(call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = event_body(CHECKOUT_COMPLETED, **_completed_data(checkout, currency="usd"))
    post_webhook(Client(**SENDER), body)
    assert ProviderEvent.objects.get().payload == json.loads(body)
