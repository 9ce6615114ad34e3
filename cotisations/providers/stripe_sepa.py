"""Stripe SEPA Debit: what SEPA adds to the card flow of `stripe`.

- the events of a delayed method: the session completed « unpaid » (debit submitted to the
  bank), the debit failing days later with the bank's reason, disputes (the debtor's refund
  right: 8 weeks, or 13 months for an unauthorised debit) opened and closed;
- the off-session debit of one instalment of a plan on a saved mandate
  (`DirectDebitCollector.collect`), and its outcome;
- a Checkout Session in setup mode that collects a SEPA mandate for a plan, and what it saved
  (`mandate_setup_result`), for the plans' Mandate row.
"""

from datetime import date
from typing import Any

import stripe

from cotisations.documents import public_url
from cotisations.providers.base import (
    CHECKOUT_DECLINED,
    CHECKOUT_PROCESSING,
    DEBIT_FAILED,
    DEBIT_SUCCEEDED,
    DISPUTE_LOST,
    DISPUTE_OPENED,
    DISPUTE_WON,
    MANDATE_SET_UP,
    ChargeError,
    CheckoutSession,
    EventInvalid,
    MandateSetup,
    ProviderUnavailable,
    WebhookEvent,
    amount_field,
    currency_check,
    instalment_field,
    present,
    reference_field,
)
from cotisations.providers.stripe_client import client

SEPA_METHOD_TYPES = ["sepa_debit"]
DEBIT_OUTCOME_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")

# The bank's reasons Stripe reports for a failed SEPA debit, in the doctor's words.
FAILURE_LABELS = {
    "insufficient_funds": "provision insuffisante sur le compte",
    "account_closed": "compte clôturé",
    "bank_account_restricted": "compte ne permettant pas les prélèvements",
    "account_frozen": "compte bloqué",
    "debit_not_authorized": "prélèvement non autorisé par le titulaire du compte",
    "debit_authorization_not_match": "prélèvement non autorisé par le titulaire du compte",
    "no_account": "compte inexistant",
    "invalid_account_number": "IBAN incorrect",
}
DEFAULT_FAILURE_LABEL = "prélèvement refusé par la banque"
DISPUTE_CLOSED_STATUSES = {"won": DISPUTE_WON, "lost": DISPUTE_LOST}


def failure_reason(error: object) -> tuple[str, str]:
    """(code, French label) of a PaymentIntent's `last_payment_error`."""
    if not isinstance(error, dict):
        return "", DEFAULT_FAILURE_LABEL
    code = reference_field(
        error.get("decline_code") or error.get("code"), name="last_payment_error.code"
    )
    return code, FAILURE_LABELS.get(code, DEFAULT_FAILURE_LABEL)


def _dispute_event(event_type: str, obj: dict[str, Any], base: dict[str, Any]) -> WebhookEvent:
    """charge.dispute.created / .closed: which payment, which dispute, how it ended."""
    if event_type == "charge.dispute.created":
        kind = DISPUTE_OPENED
    else:
        status = obj.get("status")
        if status not in DISPUTE_CLOSED_STATUSES:
            # « warning_closed »: an inquiry that never became a dispute; nothing moved.
            return WebhookEvent(type=event_type, **base)
        kind = DISPUTE_CLOSED_STATUSES[status]
    currency_check(obj.get("currency"), required=False)
    return WebhookEvent(
        type=kind,
        object_reference=present(reference_field(obj.get("id"), name="dispute"), name="dispute"),
        payment_reference=present(
            reference_field(obj.get("payment_intent"), name="payment_intent"),
            name="payment_intent",
        ),
        amount_cents=amount_field(obj.get("amount"), name="amount"),
        reason_code=reference_field(obj.get("reason"), name="reason"),
        **base,
    )


def _debit_event(
    event_type: str, obj: dict[str, Any], debit_id: int, base: dict[str, Any]
) -> WebhookEvent:
    """The outcome of a plan's debit (metadata.debit, set by `collect`)."""
    intent = present(reference_field(obj.get("id"), name="payment_intent"), name="payment_intent")
    if event_type == "payment_intent.succeeded":
        if obj.get("status") not in (None, "succeeded"):
            raise EventInvalid("status: contradicts the event type")
        currency_check(obj.get("currency"), required=True)
        received = obj.get("amount_received") or obj.get("amount")
        return WebhookEvent(
            type=DEBIT_SUCCEEDED,
            debit_id=debit_id,
            payment_reference=intent,
            amount_cents=amount_field(received, name="amount_received"),
            **base,
        )
    code, label = failure_reason(obj.get("last_payment_error"))
    return WebhookEvent(
        type=DEBIT_FAILED,
        debit_id=debit_id,
        payment_reference=intent,
        reason_code=code,
        reason_label=label,
        **base,
    )


def sepa_event_translate(
    *, event_type: str, obj: dict[str, Any], metadata: dict[str, Any], base: dict[str, Any]
) -> WebhookEvent | None:
    """The SEPA events in the portal's terms, or None for `stripe.event_translate` to handle."""
    if event_type.startswith("charge.dispute."):
        if event_type in ("charge.dispute.created", "charge.dispute.closed"):
            return _dispute_event(event_type, obj, base)
        return None
    if event_type == "checkout.session.completed" and obj.get("mode") == "setup":
        return WebhookEvent(
            type=MANDATE_SET_UP,
            object_reference=present(reference_field(obj.get("id"), name="id"), name="id"),
            payment_reference=reference_field(obj.get("setup_intent"), name="setup_intent"),
            customer_reference=reference_field(obj.get("customer"), name="customer"),
            **base,
        )
    checkout = reference_field(metadata.get("checkout"), name="checkout", max_length=40)
    if event_type == "checkout.session.completed" and obj.get("payment_status") == "unpaid":
        # The mandate was accepted and the debit submitted: it settles (or fails) days later.
        checkout = checkout or reference_field(
            obj.get("client_reference_id"), name="checkout", max_length=40
        )
        return WebhookEvent(
            type=CHECKOUT_PROCESSING,
            checkout_id=present(checkout, name="checkout"),
            payment_reference=reference_field(obj.get("payment_intent"), name="payment_intent"),
            amount_cents=amount_field(obj.get("amount_total"), name="amount_total"),
            **base,
        )
    if not event_type.startswith("payment_intent."):
        return None
    debit = instalment_field(metadata.get("debit"), name="metadata.debit")
    if debit is not None and event_type in DEBIT_OUTCOME_EVENTS:
        return _debit_event(event_type, obj, debit, base)
    if event_type == "payment_intent.processing" and checkout:
        return WebhookEvent(
            type=CHECKOUT_PROCESSING,
            checkout_id=checkout,
            payment_reference=reference_field(obj.get("id"), name="payment_intent"),
            amount_cents=amount_field(obj.get("amount"), name="amount"),
            **base,
        )
    if event_type == "payment_intent.payment_failed" and checkout:
        code, label = failure_reason(obj.get("last_payment_error"))
        return WebhookEvent(
            type=CHECKOUT_DECLINED,
            checkout_id=checkout,
            payment_reference=reference_field(obj.get("id"), name="payment_intent"),
            reason_code=code,
            reason_label=label,
            **base,
        )
    return None


class StripeSepaMethods:
    """The SEPA side of StripeProvider: plans' debits and mandates."""

    def collect(
        self,
        *,
        debit_id: int,
        amount_cents: int,
        mandate_reference: str,
        payment_method: str,
        customer: str,
        sequence: str,
        due_on: date,
        idempotency_key: str,
    ) -> str:
        """DirectDebitCollector: one debit of a plan on the saved mandate, off-session."""
        params: dict[str, Any] = {
            "amount": amount_cents,
            "currency": "eur",
            "payment_method_types": SEPA_METHOD_TYPES,
            "customer": customer,
            "payment_method": payment_method,
            "off_session": True,
            "confirm": True,
            "metadata": {
                "debit": str(debit_id),
                "sequence": sequence,
                "due_on": due_on.isoformat(),
            },
        }
        if mandate_reference:
            params["mandate"] = mandate_reference
        try:
            intent = client().v1.payment_intents.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except (stripe.CardError, stripe.InvalidRequestError) as exc:
            # A revoked mandate, a detached method: asking again will not help.
            raise ChargeError(str(exc)) from exc
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return str(intent.id)

    def start_mandate_setup(
        self, *, reference: str, email: str, name: str, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        """A Checkout Session in setup mode where the doctor gives an IBAN and accepts the
        SEPA mandate for a plan; `reference` is the plan's own id for it (≤ 40 characters,
        letters, digits, `_`, `-`), also the idempotency key's stem. `success_url` may carry
        Stripe's `{CHECKOUT_SESSION_ID}` placeholder, kept as is."""
        api = client()
        try:
            customer = api.v1.customers.create(
                params={"email": email, "name": name, "metadata": {"mandate_setup": reference}},
                options={"idempotency_key": f"mandate-customer-{reference}"},
            )
            session = api.v1.checkout.sessions.create(
                params={
                    "mode": "setup",
                    "payment_method_types": SEPA_METHOD_TYPES,
                    "customer": customer.id,
                    "client_reference_id": reference,
                    "metadata": {"mandate_setup": reference},
                    "success_url": public_url(success_url),
                    "cancel_url": public_url(cancel_url),
                    "locale": "fr",
                },  # type: ignore[arg-type]
                options={"idempotency_key": f"mandate-setup-{reference}"},
            )
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return CheckoutSession(session_id=session.id, redirect_url=str(session.url))

    def mandate_setup_result(self, *, session_id: str) -> MandateSetup:
        """What the setup session saved: customer, payment method, mandate id, IBAN's last 4."""
        try:
            session = client().v1.checkout.sessions.retrieve(
                session_id, params={"expand": ["setup_intent.payment_method"]}
            )
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        setup = session.setup_intent
        if setup is None or isinstance(setup, str) or setup.status != "succeeded":
            raise ChargeError("the mandate was not accepted")
        method = setup.payment_method
        last4 = ""
        if method is not None and not isinstance(method, str):
            sepa = getattr(method, "sepa_debit", None)
            last4 = str(getattr(sepa, "last4", "") or "")
            method = method.id
        return MandateSetup(
            session_id=session_id,
            customer=str(setup.customer or session.customer or ""),
            payment_method=str(method or ""),
            mandate=str(setup.mandate or ""),
            iban_last4=last4,
        )
