"""The payment provider interface: what the portal needs from whoever takes card payments."""

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.conf import settings

if TYPE_CHECKING:
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
