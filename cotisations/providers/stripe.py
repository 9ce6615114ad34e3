"""Stripe: Checkout Sessions for card payments, off-session PaymentIntents for instalments,
Refunds on a PaymentIntent.

Every creation carries an idempotency key derived from our own row, so a retried request
never charges twice; webhooks are verified with `stripe.Webhook.construct_event` (300 s).
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
    ProviderUnavailable,
    RefundError,
    WebhookError,
    WebhookEvent,
    signed_timestamp_check,
)

SIGNATURE_HEADER = "Stripe-Signature"


def client() -> stripe.StripeClient:
    options: dict[str, Any] = {}
    if settings.STRIPE_API_BASE:
        # Tests point the SDK at a local server that answers like Stripe's API.
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **options)


class StripeProvider:
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
            event = stripe.Webhook.construct_event(
                body,
                signature,
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.PAYMENT_WEBHOOK_TOLERANCE,
            )
        except (ValueError, stripe.SignatureVerificationError) as exc:
            raise WebhookError(str(exc)) from exc
        payload = event.to_dict()
        obj = payload["data"]["object"]
        metadata = obj.get("metadata") or {}
        base = {"id": event.id, "payload": payload}
        # A delayed method (SEPA debit) completes the session "unpaid", then settles days later
        # as async_payment_succeeded: both paid forms count, the unpaid one waits.
        paid_session = (
            event.type == "checkout.session.completed" and obj.get("payment_status") == "paid"
        ) or event.type == "checkout.session.async_payment_succeeded"
        if paid_session:
            return [
                WebhookEvent(
                    type=CHECKOUT_COMPLETED,
                    checkout_id=metadata.get("checkout") or obj.get("client_reference_id", ""),
                    payment_reference=str(obj.get("payment_intent") or ""),
                    amount_cents=int(obj.get("amount_total") or 0),
                    customer_reference=str(obj.get("customer") or ""),
                    **base,
                )
            ]
        if event.type in ("checkout.session.async_payment_failed", "checkout.session.expired"):
            kind = CHECKOUT_DECLINED if event.type.endswith("failed") else CHECKOUT_CANCELLED
            return [WebhookEvent(type=kind, checkout_id=metadata.get("checkout", ""), **base)]
        if event.type in ("payment_intent.succeeded", "payment_intent.payment_failed") and (
            metadata.get("checkout") and not metadata.get("instalment")
        ):
            # The checkout's own payment intent (metadata copied by start_checkout): for delayed
            # methods it may be the first word that the money moved or failed to.
            if event.type.endswith("succeeded"):
                return [
                    WebhookEvent(
                        type=CHECKOUT_COMPLETED,
                        checkout_id=str(metadata["checkout"]),
                        payment_reference=str(obj["id"]),
                        amount_cents=int(obj.get("amount_received") or 0),
                        customer_reference=str(obj.get("customer") or ""),
                        payment_method_reference=str(obj.get("payment_method") or ""),
                        **base,
                    )
                ]
            return [
                WebhookEvent(type=CHECKOUT_DECLINED, checkout_id=str(metadata["checkout"]), **base)
            ]
        if event.type in ("payment_intent.succeeded", "payment_intent.payment_failed") and (
            metadata.get("instalment")
        ):
            kind = CHARGE_SUCCEEDED if event.type.endswith("succeeded") else CHARGE_FAILED
            return [
                WebhookEvent(
                    type=kind,
                    instalment_id=int(metadata["instalment"]),
                    payment_reference=str(obj["id"]),
                    amount_cents=int(obj.get("amount_received") or obj.get("amount") or 0),
                    **base,
                )
            ]
        # Anything else is stored in the ledger and left alone.
        return [WebhookEvent(type=event.type, **base)]

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
