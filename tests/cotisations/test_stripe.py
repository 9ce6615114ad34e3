"""The Stripe provider against a local server that answers like Stripe's API
(tests/cotisations/fake_stripe.py, the `fake_stripe` fixture).

Only the network edge is faked: the official SDK builds and sends real requests, and webhooks
carry real Stripe signatures computed with the webhook secret.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from cotisations.models import (
    Attestation,
    CallStatus,
    Checkout,
    InstalmentStatus,
    PaymentStatus,
    ProviderEvent,
)
from cotisations.services.calls import payment_refund
from cotisations.services.instalments import instalment_collect
from cotisations.services.payments import checkout_start
from tests.auth_helpers import force_mfa_login
from tests.cotisations.conftest import YEAR, admin_refund
from tests.cotisations.fake_stripe import stripe_webhook
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_completed(checkout, event_id="evt_1", payment_intent="pi_first"):
    return {
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "created": int(time.time()),
        "data": {
            "object": {
                "id": checkout.provider_session_id,
                "object": "checkout.session",
                "client_reference_id": checkout.public_id,
                "metadata": {"checkout": checkout.public_id},
                "payment_status": "paid",
                "payment_intent": payment_intent,
                "amount_total": checkout.amount_cents,
                "currency": "eur",
                "customer": "cus_local",
            }
        },
    }


def test_checkout_session_with_idempotency_key(fake_stripe, doctor_client, call):
    response = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    checkout = Checkout.objects.get(call=call)
    assert response["Location"] == f"https://checkout.stripe.com/c/pay/cs_test_{checkout.public_id}"
    sent = fake_stripe.requests[0]
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["headers"]["Idempotency-Key"] == f"checkout-{checkout.public_id}"
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == ["36500"]
    assert sent["headers"]["Authorization"] == "Bearer sk_test_portal_local"
    # A double click finds the same session: Stripe is not asked again.
    doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    assert len(fake_stripe.requests) == 1


def test_signed_webhook_pays_and_bad_ones_are_refused(fake_stripe, client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    event = _session_completed(checkout)
    assert stripe_webhook(client, event, secret="whsec_wrong").status_code == 400
    assert stripe_webhook(client, event, timestamp=int(time.time()) - 301).status_code == 400
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert stripe_webhook(client, event).status_code == 200
    assert stripe_webhook(client, event).status_code == 200  # redelivered by Stripe
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert call.payments.get().provider_reference == "pi_first"


def test_instalments_charge_the_saved_card_off_session(fake_stripe, client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="instalments")
    assert fake_stripe.requests[0]["form"]["payment_intent_data[setup_future_usage]"] == [
        "off_session"
    ]
    stripe_webhook(client, _session_completed(checkout))
    second = call.instalment_plan.instalments.get(number=2)
    instalment_collect(instalment_id=second.pk)
    create = fake_stripe.requests[-1]
    assert create["headers"]["Idempotency-Key"] == f"instalment-{second.pk}"
    assert create["form"]["payment_method"] == ["pm_saved"]
    assert create["form"]["off_session"] == ["true"]
    succeeded = {
        "id": "evt_pi_ok",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {
            "object": {
                "id": "pi_instalment_1",
                "object": "payment_intent",
                "amount": second.amount_cents,
                "amount_received": second.amount_cents,
                "currency": "eur",
                "metadata": {"instalment": str(second.pk)},
            }
        },
    }
    assert stripe_webhook(client, succeeded).status_code == 200
    second.refresh_from_db()
    call.refresh_from_db()
    assert second.status == InstalmentStatus.PAID
    assert call.paid_cents == 12168 + 12166


def test_declined_saved_card_fails_the_instalment(
    fake_stripe, client, call, doctor_user, mailoutbox
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="instalments")
    stripe_webhook(client, _session_completed(checkout))
    plan = call.instalment_plan
    plan.payment_method_reference = "pm_card_declined"
    plan.save()
    second = plan.instalments.get(number=2)
    instalment_collect(instalment_id=second.pk)
    second.refresh_from_db()
    call.refresh_from_db()
    assert second.status == InstalmentStatus.FAILED
    assert call.status == CallStatus.PARTIALLY_PAID


def _paid_by_card(client, call, doctor_user, payment_intent="pi_first"):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    event = _session_completed(checkout, payment_intent=payment_intent)
    assert stripe_webhook(client, event).status_code == 200
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    return call.payments.get()


def _refund_requests(fake_stripe):
    return [r for r in fake_stripe.requests if r["path"] == "/v1/refunds"]


def test_card_refund_goes_back_through_stripe_once(
    fake_stripe, client, call, doctor_user, admin_user
):
    payment = _paid_by_card(client, call, doctor_user)
    payment_refund(payment_id=payment.pk, reason="Double paiement", actor=admin_user)
    [sent] = _refund_requests(fake_stripe)
    assert sent["headers"]["Idempotency-Key"] == f"refund-{payment.pk}"
    assert sent["form"]["payment_intent"] == ["pi_first"]
    assert sent["form"]["amount"] == ["36500"]
    assert sent["form"]["metadata[payment]"] == [str(payment.pk)]
    payment.refresh_from_db()
    call.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refund_reference == "re_pi_first"
    assert payment.refund_reason == "Double paiement"
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)
    assert not Attestation.objects.filter(call=call).exists()
    # A double click or a retried action finds the payment refunded: Stripe is not asked again.
    payment_refund(payment_id=payment.pk, reason="Double paiement", actor=admin_user)
    assert len(_refund_requests(fake_stripe)) == 1


@pytest.mark.parametrize(
    ("payment_intent", "message"),
    [
        ("pi_already_refunded", "indique que ce paiement est déjà remboursé"),
        ("pi_not_refundable", "a refusé le remboursement (No such payment_intent"),
        ("pi_stripe_down", "ne répond pas"),
    ],
)
def test_refused_or_failed_refund_changes_nothing(
    fake_stripe, client, call, doctor_user, admin_user, payment_intent, message
):
    payment = _paid_by_card(client, call, doctor_user, payment_intent=payment_intent)
    with pytest.raises(ValidationError) as error:
        payment_refund(payment_id=payment.pk, reason="Erreur", actor=admin_user)
    assert message in " ".join(error.value.messages)
    assert "le règlement n’a pas été modifié" in " ".join(error.value.messages)
    assert len(_refund_requests(fake_stripe)) == 1
    payment.refresh_from_db()
    call.refresh_from_db()
    assert (payment.status, payment.refund_reference, payment.refund_reason) == (
        PaymentStatus.SUCCEEDED,
        "",
        "",
    )
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 36500)
    assert Attestation.objects.filter(call=call).exists()


def test_admin_shows_stripe_refusal_in_french(fake_stripe, client, call, doctor_user):
    payment = _paid_by_card(client, call, doctor_user, payment_intent="pi_already_refunded")
    staff_client = Client()
    force_mfa_login(staff_client, UserFactory.create(staff=True))
    page, content = admin_refund(staff_client, payment.pk, "Erreur")
    assert "remboursés sur la carte bancaire du médecin" in page
    assert "indique que ce paiement est déjà remboursé" in content
    assert "Remboursement\u00a0: 1 élément" not in content
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


@pytest.mark.parametrize("ahead", [301, 3600, 10 * 365 * 86400])
def test_a_signature_dated_in_the_future_is_refused(fake_stripe, client, call, doctor_user, ahead):
    # R1 #4: well signed with the real secret, but for a moment still to come: such a body
    # could be replayed until then. The SDK bounds only the age; the portal bounds both ways.
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    event = _session_completed(checkout, event_id=f"evt_future_{ahead}")

    response = stripe_webhook(client, event, timestamp=int(time.time()) + ahead)

    assert response.status_code == 400
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert not ProviderEvent.objects.filter(event_id=f"evt_future_{ahead}").exists()


def test_a_signature_within_the_tolerance_ahead_is_accepted(fake_stripe, client, call, doctor_user):
    # Clocks drift a little: a few seconds ahead is not an attack.
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")

    response = stripe_webhook(client, _session_completed(checkout), timestamp=int(time.time()) + 5)

    assert response.status_code == 200
    call.refresh_from_db()
    assert call.status == CallStatus.PAID


# ---- Delayed methods (R1 #3): the money moves days after the session completes ----------


def _session_event(checkout, event_type, *, event_id, payment_status):
    event = _session_completed(checkout, event_id=event_id)
    event["type"] = event_type
    event["data"]["object"]["payment_status"] = payment_status
    return event


def _intent_event(checkout, event_type, *, event_id, intent="pi_first"):
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {
            "object": {
                "id": intent,
                "object": "payment_intent",
                "amount": checkout.amount_cents,
                "amount_received": checkout.amount_cents if event_type.endswith("succeeded") else 0,
                "currency": "eur",
                "customer": "cus_local",
                "payment_method": "pm_sepa",
                "metadata": {"checkout": checkout.public_id, "call": str(checkout.call_id)},
            }
        },
    }


def test_a_sepa_session_is_paid_when_the_money_settles(fake_stripe, client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    processing = _session_event(
        checkout, "checkout.session.completed", event_id="evt_unpaid", payment_status="unpaid"
    )
    assert stripe_webhook(client, processing).status_code == 200
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN  # accepted by the bank, not yet settled

    settled = _session_event(
        checkout,
        "checkout.session.async_payment_succeeded",
        event_id="evt_settled",
        payment_status="paid",
    )
    assert stripe_webhook(client, settled).status_code == 200
    assert stripe_webhook(client, settled).status_code == 200  # redelivered

    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert call.payments.get().provider_reference == "pi_first"


@pytest.mark.parametrize("intent_first", [True, False])
def test_the_intent_and_the_session_count_one_payment(
    fake_stripe, client, call, doctor_user, intent_first
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    intent = _intent_event(checkout, "payment_intent.succeeded", event_id="evt_pi")
    session = _session_event(
        checkout,
        "checkout.session.async_payment_succeeded",
        event_id="evt_cs",
        payment_status="paid",
    )
    for event in (intent, session) if intent_first else (session, intent):
        assert stripe_webhook(client, event).status_code == 200

    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert call.payments.count() == 1


def test_a_failed_debit_leaves_the_dues_open(fake_stripe, client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    failed = _intent_event(checkout, "payment_intent.payment_failed", event_id="evt_pi_failed")

    assert stripe_webhook(client, failed).status_code == 200

    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == "declined"
    assert call.status == CallStatus.OPEN
    assert not call.payments.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_intent_and_session_delivered_at_once_pay_once(postgres, fake_stripe, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    events = [
        _intent_event(checkout, "payment_intent.succeeded", event_id="evt_pi_race"),
        _session_event(
            checkout,
            "checkout.session.async_payment_succeeded",
            event_id="evt_cs_race",
            payment_status="paid",
        ),
    ]
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def deliver(event):
        try:
            barrier.wait()
            statuses.append(stripe_webhook(Client(), event).status_code)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(event,)) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert statuses == [200, 200]
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert call.payments.count() == 1
