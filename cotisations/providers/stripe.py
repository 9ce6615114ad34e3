"""Stripe: Checkout Sessions for card payments (and one-off SEPA debits), off-session
PaymentIntents for instalments, Refunds on a PaymentIntent. SEPA specifics (plans' debits,
mandate set-up, disputes) are in `stripe_sepa`.

Every creation carries an idempotency key derived from our own row, so a retried request
never charges twice; webhook signatures are verified with the SDK's
`stripe.WebhookSignature.verify_header` (300 s), then every field read is checked.
"""

from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings

from cotisations.documents import public_url
from cotisations.models import Checkout, CheckoutMode, Instalment, Payment
from cotisations.providers.base import (
    CHARGE_FAILED,
    CHARGE_SUCCEEDED,
    CHECKOUT_CANCELLED,
    CHECKOUT_COMPLETED,
    CHECKOUT_DECLINED,
    ChargeError,
    CheckoutSession,
    EventInvalid,
    ProviderUnavailable,
    RefundError,
    WebhookError,
    WebhookEvent,
    amount_field,
    currency_check,
    instalment_field,
    present,
    reference_field,
    signed_event_read,
    signed_timestamp_check,
    type_field,
)
from cotisations.providers.stripe_client import client
from cotisations.providers.stripe_sepa import StripeSepaMethods, sepa_event_translate

SIGNATURE_HEADER = "Stripe-Signature"


# Stripe's own vocabulary for what the portal reads: anything else is a malformed event.
SESSION_PAID = "paid"
SESSION_PAYMENT_STATUSES = frozenset({SESSION_PAID, "unpaid", "no_payment_required"})
INTENT_SUCCEEDED = "succeeded"
INTENT_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")


def event_translate(payload: dict[str, Any]) -> WebhookEvent:
    """A Stripe event in the portal's terms, every field it reads checked (EventInvalid)."""
    event_id = present(reference_field(payload["id"], name="id"), name="id")
    event_type = type_field(payload["type"])
    obj = payload["data"]["object"]
    metadata = obj.get("metadata") or {}
    if not isinstance(obj, dict) or not isinstance(metadata, dict):
        raise EventInvalid("data.object: not an object")
    base: dict[str, Any] = {"id": event_id, "payload": payload}
    sepa = sepa_event_translate(event_type=event_type, obj=obj, metadata=metadata, base=base)
    if sepa is not None:
        return sepa
    checkout_id = reference_field(
        metadata.get("checkout") or obj.get("client_reference_id"), name="checkout", max_length=40
    )
    if event_type.startswith("checkout.session."):
        payment_status = obj.get("payment_status")
        if payment_status not in SESSION_PAYMENT_STATUSES:
            raise EventInvalid("payment_status: unknown")
        # A delayed method (SEPA debit) completes the session "unpaid", then settles days
        # later as async_payment_succeeded: both paid forms count, the unpaid one waits.
        if (
            event_type == "checkout.session.async_payment_succeeded"
            and payment_status != SESSION_PAID
        ):
            raise EventInvalid("payment_status: contradicts the event type")
        if (event_type == "checkout.session.completed" and payment_status == SESSION_PAID) or (
            event_type == "checkout.session.async_payment_succeeded"
        ):
            currency_check(obj.get("currency"), required=True)
            return WebhookEvent(
                type=CHECKOUT_COMPLETED,
                checkout_id=present(checkout_id, name="checkout"),
                payment_reference=reference_field(obj.get("payment_intent"), name="payment_intent"),
                amount_cents=amount_field(obj.get("amount_total"), name="amount_total"),
                customer_reference=reference_field(obj.get("customer"), name="customer"),
                **base,
            )
        if event_type in ("checkout.session.async_payment_failed", "checkout.session.expired"):
            kind = CHECKOUT_DECLINED if event_type.endswith("failed") else CHECKOUT_CANCELLED
            checkout = reference_field(metadata.get("checkout"), name="checkout", max_length=40)
            return WebhookEvent(type=kind, checkout_id=checkout, **base)
    if event_type in INTENT_EVENTS:
        succeeded = event_type.endswith("succeeded")
        intent_status = obj.get("status")
        if intent_status is not None and (intent_status == INTENT_SUCCEEDED) != succeeded:
            raise EventInvalid("status: contradicts the event type")
        intent = present(reference_field(obj["id"], name="payment_intent"), name="payment_intent")
        instalment = instalment_field(metadata.get("instalment"), name="metadata.instalment")
        if succeeded:
            currency_check(obj.get("currency"), required=True)
        if instalment is not None:
            received = obj.get("amount_received") or obj.get("amount")
            return WebhookEvent(
                type=CHARGE_SUCCEEDED if succeeded else CHARGE_FAILED,
                instalment_id=instalment,
                payment_reference=intent,
                amount_cents=amount_field(received, name="amount_received"),
                **base,
            )
        checkout = reference_field(metadata.get("checkout"), name="checkout", max_length=40)
        if checkout and succeeded:
            # The checkout's own payment intent (metadata copied by start_checkout): for
            # delayed methods it may be the first word that the money moved.
            return WebhookEvent(
                type=CHECKOUT_COMPLETED,
                checkout_id=checkout,
                payment_reference=intent,
                amount_cents=amount_field(obj.get("amount_received"), name="amount_received"),
                customer_reference=reference_field(obj.get("customer"), name="customer"),
                payment_method_reference=reference_field(
                    obj.get("payment_method"), name="payment_method"
                ),
                **base,
            )
        if checkout:
            return WebhookEvent(type=CHECKOUT_DECLINED, checkout_id=checkout, **base)
    # Anything else is stored in the ledger and left alone.
    return WebhookEvent(type=event_type, **base)


class StripeProvider(StripeSepaMethods):
    name = "stripe"

    def start_checkout(
        self, *, checkout: Checkout, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        call = checkout.call
        metadata = {"checkout": checkout.public_id, "call": str(call.pk)}
        params: dict[str, Any] = {
            "mode": "payment",
            "client_reference_id": checkout.public_id,
            "metadata": metadata,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": checkout.amount_cents,
                        "product_data": {"name": f"Cotisation ordinale {call.campaign.year}"},
                    },
                }
            ],
            "payment_intent_data": {"metadata": metadata},
            "success_url": public_url(success_url),
            "cancel_url": public_url(cancel_url),
            "locale": "fr",
        }
        if checkout.mode == CheckoutMode.INSTALMENTS:
            # The card is kept for the two later collections, made without the doctor present.
            params["customer_creation"] = "always"
            params["payment_intent_data"]["setup_future_usage"] = "off_session"
        elif checkout.mode == CheckoutMode.SEPA_DEBIT:
            # The mandate is shown and accepted on Stripe's page; the debit settles days later.
            params["payment_method_types"] = ["sepa_debit"]
        session = client().v1.checkout.sessions.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"checkout-{checkout.public_id}"},
        )
        return CheckoutSession(session_id=session.id, redirect_url=str(session.url))

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> list[WebhookEvent]:
        signature = headers.get(SIGNATURE_HEADER, "")
        # The SDK bounds only the age of the signature; this also refuses one from the future.
        signed_timestamp_check(signature)
        try:
            stripe.WebhookSignature.verify_header(
                body.decode("utf-8"),
                signature,
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.PAYMENT_WEBHOOK_TOLERANCE,
            )
        except (UnicodeDecodeError, stripe.SignatureVerificationError) as exc:
            raise WebhookError(str(exc)) from exc
        return signed_event_read(body, event_translate)

    def charge_saved_method(self, *, instalment: Instalment) -> str:
        plan = instalment.plan
        api = client()
        method = plan.payment_method_reference
        if not method:
            # The card saved by the first payment: read it from that PaymentIntent once.
            first = plan.instalments.get(number=1)
            intent = api.v1.payment_intents.retrieve(first.provider_reference)
            method = str(intent.payment_method or "")
            plan.payment_method_reference = method
            plan.save(update_fields=["payment_method_reference"])
        try:
            intent = api.v1.payment_intents.create(
                params={
                    "amount": instalment.amount_cents,
                    "currency": "eur",
                    "customer": plan.customer_reference,
                    "payment_method": method,
                    "off_session": True,
                    "confirm": True,
                    "metadata": {"instalment": str(instalment.pk), "call": str(plan.call_id)},
                },
                options={"idempotency_key": f"instalment-{instalment.pk}"},
            )
        except stripe.CardError as exc:
            raise ChargeError(str(exc)) from exc
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return str(intent.id)

    def refund(self, *, payment: Payment, amount_cents: int, idempotency_key: str) -> str:
        try:
            refund = client().v1.refunds.create(
                params={
                    "payment_intent": payment.provider_reference,
                    "amount": amount_cents,
                    # Only what never changes between two attempts: Stripe refuses a key
                    # reused with different parameters.
                    "metadata": {"payment": str(payment.pk), "call": str(payment.call_id)},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.InvalidRequestError as exc:
            # Already refunded, not refundable, unknown PaymentIntent: retrying will not help.
            raise RefundError(exc.user_message or str(exc), code=exc.code or "") from exc
        except (
            stripe.APIConnectionError,
            stripe.RateLimitError,
            stripe.APIError,
            stripe.IdempotencyError,
        ) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return str(refund.id)
