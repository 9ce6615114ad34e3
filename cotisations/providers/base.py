"""The payment provider interface: what the portal needs from whoever takes card payments."""

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from datetime import date

    from cotisations.models import Checkout, Instalment, Payment


class WebhookError(Exception):
    """A webhook that cannot be trusted (bad signature, stale timestamp, unreadable body)."""


def signature_parts(header: str) -> dict[str, list[str]]:
    """`t=…,v1=…,v1=…` (Stripe's signature header, which the dummy provider copies) as lists."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    return parts


def signed_timestamp_check(header: str, *, now: float | None = None) -> int:
    """The signed timestamp of a webhook header, refused when it is more than the tolerance
    away from the clock in EITHER direction: a signature made for the future would otherwise
    stay replayable for as long as its author chose. Every provider calls this."""
    try:
        timestamp = int(signature_parts(header)["t"][0])
    except (KeyError, ValueError) as exc:
        raise WebhookError("missing or unreadable timestamp") from exc
    current = time.time() if now is None else now
    if abs(current - timestamp) > settings.PAYMENT_WEBHOOK_TOLERANCE:
        raise WebhookError("timestamp outside the tolerance")
    return timestamp


class EventInvalid(Exception):
    """A well-signed event whose content the portal cannot accept (absurd amount, foreign
    currency, malformed reference, status that contradicts its type). It is kept in the
    ledger with this message and shown to staff, never applied; the provider is answered 2xx
    so that it does not retry forever. The message names fields, never their values."""


# The largest amount a row can hold (PositiveIntegerField); anything above is not a payment.
MAX_AMOUNT_CENTS = 2_147_483_647
# Provider and portal identifiers: Stripe's `pi_…`, `cus_…`, the checkouts' URL-safe tokens.
_REFERENCE = re.compile(r"[A-Za-z0-9_-]*")
CURRENCY = "eur"


def amount_field(value: object, *, name: str) -> int:
    """An amount in cents as the event gives it: an integer (not a float, a string or a
    boolean), from 0 to MAX_AMOUNT_CENTS; None counts as 0 (absent)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise EventInvalid(f"{name}: not an integer amount")
    if not 0 <= value <= MAX_AMOUNT_CENTS:
        raise EventInvalid(f"{name}: amount out of range")
    return value


def reference_field(value: object, *, name: str, max_length: int = 255) -> str:
    """An identifier: letters, digits, `_` and `-`, at most `max_length`; None counts as ""."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > max_length or not _REFERENCE.fullmatch(value):
        raise EventInvalid(f"{name}: malformed reference")
    return value


def instalment_field(value: object, *, name: str) -> int | None:
    """An instalment's primary key as the event carries it (a number or its decimal text)."""
    if value in (None, ""):
        return None
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 10:
        raise EventInvalid(f"{name}: malformed instalment id")
    number = int(text)
    if not 0 < number <= MAX_AMOUNT_CENTS:
        raise EventInvalid(f"{name}: instalment id out of range")
    return number


def currency_check(value: object, *, required: bool) -> None:
    """Dues are called in euros: any other currency (or none, where the provider always
    sends one) is refused."""
    if value is None and not required:
        return
    if not isinstance(value, str) or value.lower() != CURRENCY:
        raise EventInvalid("currency: not euros")


def type_field(value: object) -> str:
    """The provider's event type: a non-empty text that the ledger can hold."""
    if not isinstance(value, str) or not 0 < len(value) <= 100:
        raise EventInvalid("type: malformed")
    return value


def present(value: str, *, name: str) -> str:
    """`value`, which the event must carry."""
    if not value:
        raise EventInvalid(f"{name}: missing")
    return value


def signed_event_read(
    body: bytes, translate: Callable[[dict[str, Any]], "WebhookEvent"]
) -> list["WebhookEvent"]:
    """The events of a body whose signature was verified, each field checked by `translate`.

    Signed by the provider from here on: a content the portal cannot accept becomes an event
    with `error` set, stored for staff and answered 2xx (any other answer only makes the
    provider retry for days). Its id is its own when readable, else one derived from the
    body, so that a redelivery meets the same ledger row.
    """
    payload: Any = None
    try:
        payload = json.loads(body)
        return [translate(payload)]
    except (EventInvalid, ValueError, KeyError, TypeError, AttributeError) as exc:
        problem = str(exc) if isinstance(exc, EventInvalid) else "unreadable event"
    readable = payload if isinstance(payload, dict) else {}
    try:
        event_id = reference_field(readable.get("id"), name="id")
    except EventInvalid:
        event_id = ""
    event_type = readable.get("type")
    return [
        WebhookEvent(
            id=event_id or f"sha256-{hashlib.sha256(body).hexdigest()}",
            type=event_type[:100] if isinstance(event_type, str) and event_type else "unreadable",
            payload=readable,
            error=problem,
        )
    ]


class ChargeError(Exception):
    """A saved payment method could not even be asked for money (declined at once)."""


class RefundError(Exception):
    """The provider refused a refund (already refunded, not refundable): retrying will not help.

    `code` is the provider's own error code when it gives one (e.g. Stripe's
    `charge_already_refunded`).
    """

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class ProviderUnavailable(Exception):
    """The provider could not be reached or failed on its side: try again later."""


# The portal's own event types: each provider maps its vocabulary onto these.
CHECKOUT_COMPLETED = "checkout.completed"
CHECKOUT_DECLINED = "checkout.declined"
CHECKOUT_CANCELLED = "checkout.cancelled"
CHARGE_SUCCEEDED = "charge.succeeded"
CHARGE_FAILED = "charge.failed"
# Delayed methods (SEPA debit): the bank accepted the debit; the money settles days later.
CHECKOUT_PROCESSING = "checkout.processing"
# A payer's dispute (SEPA: the refund right of 8 weeks / 13 months) opened, then closed.
DISPUTE_OPENED = "dispute.opened"
DISPUTE_WON = "dispute.won"
DISPUTE_LOST = "dispute.lost"
# One debit of a plan (DirectDebitCollector.collect) settled or failed, and a mandate saved
# for a plan (setup mode): applied by the plans' own handler (register_debit_outcomes).
DEBIT_SUCCEEDED = "debit.succeeded"
DEBIT_FAILED = "debit.failed"
MANDATE_SET_UP = "mandate.set_up"


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    payload: dict[str, object] = field(default_factory=dict)
    checkout_id: str = ""
    instalment_id: int | None = None
    payment_reference: str = ""
    amount_cents: int = 0
    customer_reference: str = ""
    payment_method_reference: str = ""
    # A plan's debit (metadata.debit of the PaymentIntent that DirectDebitCollector created).
    debit_id: int | None = None
    # Why a debit failed or a dispute was opened, in the provider's words (a code, a label).
    reason_code: str = ""
    reason_label: str = ""
    # The provider's own object the event is about (a dispute `dp_…`, a setup session `cs_…`).
    object_reference: str = ""
    # Set for a well-signed event that cannot be applied (EventInvalid): stored, not applied.
    error: str = ""


@dataclass(frozen=True)
class CheckoutSession:
    session_id: str
    redirect_url: str


class PaymentProvider(Protocol):
    name: str

    def start_checkout(
        self, *, checkout: "Checkout", success_url: str, cancel_url: str
    ) -> CheckoutSession:
        """Open a payment page for `checkout`; return where to send the doctor."""
        ...

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> list[WebhookEvent]:
        """Verify the signature of a webhook and translate it; raise WebhookError otherwise."""
        ...

    def charge_saved_method(self, *, instalment: "Instalment") -> str:
        """Ask for an instalment on the saved payment method; return the provider reference.

        The outcome arrives later as a CHARGE_SUCCEEDED or CHARGE_FAILED webhook event.
        """
        ...

    def refund(self, *, payment: "Payment", amount_cents: int, idempotency_key: str) -> str:
        """Give `amount_cents` of `payment` back to the card it came from; return the provider's
        refund reference.

        The same `idempotency_key` never refunds twice. Raise RefundError when the provider
        refuses, ProviderUnavailable when it cannot be reached.
        """
        ...


class DirectDebitCollector(Protocol):
    """One debit of a payment plan, collected off-session on a saved SEPA mandate.

    The plans (d1sepa's `debits` app) call it for provider "stripe"; `sepa_file` collects by
    pain.008 batch instead and does not implement it. The outcome arrives by webhook, as
    DEBIT_SUCCEEDED or DEBIT_FAILED with `debit_id`, handed to `register_debit_outcomes`.
    """

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
        """Ask for the debit; return the provider's reference (a Stripe PaymentIntent id).

        The same `idempotency_key` never debits twice. Raise ChargeError when the provider
        refuses at once (mandate revoked, method unusable), ProviderUnavailable when it cannot
        be reached (retry later with the same key).
        """
        ...


@dataclass(frozen=True)
class MandateSetup:
    """A SEPA mandate accepted on the provider's page for a plan: what a Mandate row keeps.

    `customer` and `payment_method` are what `collect` needs; `mandate` is the provider's
    mandate id (Stripe `mandate_…`), `iban_last4` what the doctor may be shown.
    """

    session_id: str
    customer: str
    payment_method: str
    mandate: str
    iban_last4: str = ""


class DebitOutcomes(Protocol):
    """What the plans do when the provider reports on one of their debits or mandates."""

    def debit_succeeded(
        self, *, debit_id: int, provider_reference: str, amount_cents: int
    ) -> None: ...

    def debit_failed(
        self, *, debit_id: int, provider_reference: str, reason_code: str, reason_label: str
    ) -> None: ...

    def mandate_set_up(self, *, setup: MandateSetup) -> None: ...


_debit_outcomes: list[DebitOutcomes] = []


def register_debit_outcomes(handler: DebitOutcomes) -> None:
    """The plans' app installs its handler (from its AppConfig.ready); one at a time."""
    _debit_outcomes[:] = [handler]


def debit_outcomes() -> DebitOutcomes | None:
    return _debit_outcomes[0] if _debit_outcomes else None
