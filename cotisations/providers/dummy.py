"""The embedded test provider: a payment page served by the portal and signed webhooks.

It plays a real provider end to end without any network: the page under /paiement-test/
stands for the provider's hosted checkout, and every outcome reaches the portal as a webhook
signed like Stripe's (`t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<raw body>">`), which
the portal verifies exactly as it would a real one.
"""

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from cotisations.models import Checkout, Instalment, Payment
from cotisations.providers.base import (
    CHARGE_FAILED,
    CHARGE_SUCCEEDED,
    CURRENCY,
    CheckoutSession,
    EventInvalid,
    WebhookError,
    WebhookEvent,
    amount_field,
    currency_check,
    instalment_field,
    present,
    reference_field,
    signature_parts,
    signed_event_read,
    signed_timestamp_check,
    type_field,
)
from portal.queueing import enqueue_on_commit

SIGNATURE_HEADER = "Dummy-Signature"
# A saved card whose reference ends like this is declined at every later collection.
FAILING_METHOD_SUFFIX = "_fail"


def sign(body: bytes, *, timestamp: int | None = None, secret: str | None = None) -> str:
    """The signature header value for `body`, as the dummy provider sends it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    key = (secret or settings.PAYMENT_WEBHOOK_SECRET).encode()
    digest = hmac.new(key, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(body: bytes, header: str, *, now: float | None = None) -> None:
    """Raise WebhookError unless `header` signs `body` with our secret, recently enough."""
    timestamp = signed_timestamp_check(header, now=now)
    expected = sign(body, timestamp=timestamp).split("v1=", 1)[1]
    given = signature_parts(header).get("v1", [])
    if not any(hmac.compare_digest(expected, value) for value in given):
        raise WebhookError("signature does not match")


def new_event(event_type: str, data: dict[str, Any]) -> bytes:
    """A webhook body for an event of `event_type`, with a fresh unique event id."""
    event = {
        "id": f"evt_dummy_{secrets.token_hex(12)}",
        "type": event_type,
        "created": int(time.time()),
        "data": data,
    }
    return json.dumps(event, separators=(",", ":")).encode()


def deliver(body: bytes) -> None:
    """Send a signed webhook to the portal once the current transaction commits.

    Through a task, named rather than imported (the task calls the services, which call this
    provider): in-process with `make run` (eager tasks), on a worker otherwise.
    """
    enqueue_on_commit("cotisations.tasks.deliver_dummy_webhook", body.decode(), sign(body))


def event_translate(event: dict[str, Any]) -> WebhookEvent:
    """A dummy event in the portal's terms, every field checked (EventInvalid otherwise)."""
    data = event["data"]
    if not isinstance(data, dict):
        raise EventInvalid("data: not an object")
    event_type = type_field(event["type"])
    currency_check(data.get("currency"), required=False)
    return WebhookEvent(
        id=present(reference_field(event["id"], name="id"), name="id"),
        type=event_type,
        payload=event,
        checkout_id=reference_field(data.get("checkout"), name="checkout", max_length=40),
        instalment_id=instalment_field(data.get("instalment"), name="instalment"),
        payment_reference=reference_field(data.get("payment"), name="payment"),
        amount_cents=amount_field(data.get("amount_cents"), name="amount_cents"),
        customer_reference=reference_field(data.get("customer"), name="customer"),
        payment_method_reference=reference_field(data.get("payment_method"), name="payment_method"),
    )


class DummyProvider:
    name = "dummy"

    def start_checkout(
        self, *, checkout: Checkout, success_url: str, cancel_url: str
    ) -> CheckoutSession:
        return CheckoutSession(
            session_id=f"cs_dummy_{checkout.public_id}",
            redirect_url=reverse("cotisations:dummy_checkout", args=[checkout.public_id]),
        )

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> list[WebhookEvent]:
        verify(body, headers.get(SIGNATURE_HEADER, ""))
        return signed_event_read(body, event_translate)

    def charge_saved_method(self, *, instalment: Instalment) -> str:
        reference = f"pi_dummy_{secrets.token_hex(10)}"
        method = instalment.plan.payment_method_reference
        failed = not method or method.endswith(FAILING_METHOD_SUFFIX)
        deliver(
            new_event(
                CHARGE_FAILED if failed else CHARGE_SUCCEEDED,
                {
                    "instalment": instalment.pk,
                    "payment": reference,
                    "amount_cents": instalment.amount_cents,
                    "currency": CURRENCY,
                },
            )
        )
        return reference

    def refund(self, *, payment: Payment, amount_cents: int, idempotency_key: str) -> str:
        # No network and no webhook: the reference derives from the key, so a retried refund
        # gets the same answer, as from a real provider.
        return f"re_dummy_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]}"
