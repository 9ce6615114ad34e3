"""A local server that answers like Stripe's API, and the events Stripe's test mode would send.

Only the network edge is faked: the official SDK builds and sends real requests here, and the
tests deliver webhooks signed with the SDK's own helper. SEPA Debit outcomes follow Stripe's
published test IBANs (docs.stripe.com/testing#sepa-direct-debit): the fake reads the IBAN the
doctor « typed » on the hosted page and decides, as test mode does, what happens and when.
"""

import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import stripe

WEBHOOK_SECRET = "whsec_test_portal_local"

# Stripe's test IBANs for SEPA Debit, and what test mode does with each.
SUCCEEDS = "succeeds"  # processing, then succeeded
SUCCEEDS_LATE = "succeeds_late"  # processing, then succeeded after at least three minutes
FAILS = "fails"  # processing, then requires_payment_method
FAILS_LATE = "fails_late"  # the same, after at least three minutes
DISPUTED = "disputed"  # succeeded, then a dispute is created
TEST_IBANS = {
    "DE89370400440532013000": SUCCEEDS,
    "FR1420041010050500013M02606": SUCCEEDS,
    "DE08370400440532013003": SUCCEEDS_LATE,
    "FR3020041010050500013M02609": SUCCEEDS_LATE,
    "DE62370400440532013001": FAILS,
    "FR8420041010050500013M02607": FAILS,
    "DE78370400440532013004": FAILS_LATE,
    "FR7920041010050500013M02600": FAILS_LATE,
    "DE35370400440532013002": DISPUTED,
    "FR5720041010050500013M02608": DISPUTED,
}
LATE_SECONDS = 180
# A saved method whose mandate the debtor revoked: Stripe refuses the debit at once.
REVOKED_METHOD = "pm_sepa_revoked"


@dataclass(frozen=True)
class Timed:
    """An event test mode sends `after` seconds after the debit was submitted."""

    after: int
    event: dict[str, Any]


class FakeStripe(BaseHTTPRequestHandler):
    requests: list[dict] = []
    sessions: dict[str, dict[str, Any]] = {}
    intents: dict[str, dict[str, Any]] = {}
    # Browser journeys: the hosted page is served here (else Stripe's address, never opened),
    # and what the doctor's IBAN will make test mode send is kept per session.
    hosted_base: str | None = None
    timelines: dict[str, list["Timed"]] = {}
    _ids = itertools.count(1)

    @classmethod
    def reset(cls) -> None:
        cls.requests = []
        cls.sessions = {}
        cls.intents = {}
        cls.hosted_base = None
        cls.timelines = {}

    @classmethod
    def new_id(cls, prefix: str) -> str:
        return f"{prefix}_{next(cls._ids)}"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def _reply(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Request-Id", "req_local")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _missing(self):
        return self._reply(404, {"error": {"type": "invalid_request_error", "message": "no"}})

    def do_GET(self):
        FakeStripe.requests.append(
            {"method": "GET", "path": self.path, "headers": dict(self.headers)}
        )
        path = urllib.parse.urlparse(self.path).path
        if path.startswith("/c/pay/"):
            return self._hosted_page(path.rsplit("/", 1)[1])
        if path.startswith("/v1/payment_intents/"):
            intent = path.rsplit("/", 1)[1]
            return self._reply(
                200, {"id": intent, "object": "payment_intent", "payment_method": "pm_saved"}
            )
        if path.startswith("/v1/checkout/sessions/"):
            session = FakeStripe.sessions.get(path.rsplit("/", 1)[1])
            if session is None:
                return self._missing()
            return self._reply(200, session_with_setup_intent(session))
        return self._missing()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        FakeStripe.requests.append(
            {"method": "POST", "path": self.path, "form": form, "headers": dict(self.headers)}
        )
        if self.path.startswith("/c/pay/"):
            session_id = self.path.rsplit("/", 1)[1]
            FakeStripe.timelines[session_id] = hosted_page_pay(session_id, form["iban"][0])
            self.send_response(303)
            self.send_header("Location", FakeStripe.sessions[session_id]["success_url"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/v1/checkout/sessions":
            return self._reply(200, self._session_create(form))
        if self.path == "/v1/customers":
            return self._reply(200, {"id": FakeStripe.new_id("cus"), "object": "customer"})
        if self.path == "/v1/payment_intents":
            if form.get("payment_method_types[0]") == ["sepa_debit"]:
                return self._sepa_intent_create(form)
            if form["payment_method"][0] == "pm_card_declined":
                return self._reply(
                    402,
                    {
                        "error": {
                            "type": "card_error",
                            "code": "card_declined",
                            "message": "Your card was declined.",
                        }
                    },
                )
            return self._reply(
                200, {"id": "pi_instalment_1", "object": "payment_intent", "status": "processing"}
            )
        if self.path == "/v1/refunds":
            return self._refund(form)
        return self._missing()

    def _hosted_page(self, session_id: str):
        """Stripe's hosted page, reduced to what the doctor does on it for SEPA Debit."""
        session = FakeStripe.sessions.get(session_id)
        if session is None:
            return self._missing()
        amount = f"{session['amount_total'] / 100:.2f}".replace(".", ",")
        html = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Stripe (test)</title></head><body><main><h1>Prélèvement SEPA de {amount} €</h1>
<form method="post" action="/c/pay/{session_id}">
<label for="iban">IBAN</label> <input id="iban" name="iban" required>
<p>En acceptant ce mandat, vous autorisez l’Ordre à débiter votre compte.</p>
<button type="submit">Accepter le mandat et payer</button></form></main></body></html>"""
        data = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None

    def _session_create(self, form: dict[str, list[str]]) -> dict[str, Any]:
        ref = form["client_reference_id"][0]
        mode = form.get("mode", ["payment"])[0]
        session_id = f"cs_test_{ref}" if mode == "payment" else f"cs_setup_{ref}"
        metadata = {
            key[len("metadata[") : -1]: values[0]
            for key, values in form.items()
            if key.startswith("metadata[")
        }
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": mode,
            "url": f"{FakeStripe.hosted_base or 'https://checkout.stripe.com'}/c/pay/{session_id}",
            "client_reference_id": ref,
            "metadata": metadata,
            "customer": form.get("customer", [None])[0],
            "amount_total": int(form.get("line_items[0][price_data][unit_amount]", ["0"])[0]),
            "currency": "eur",
            "payment_method_types": [
                values[0] for key, values in form.items() if key.startswith("payment_method_types")
            ],
            "success_url": form.get("success_url", [""])[0],
            "setup_intent": None,
            "payment_intent": None,
        }
        # An idempotent retry of Stripe's gets the first session back.
        return FakeStripe.sessions.setdefault(session_id, session)

    def _sepa_intent_create(self, form: dict[str, list[str]]):
        method = form["payment_method"][0]
        if method == REVOKED_METHOD:
            return self._reply(
                400,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "payment_method_unactivated",
                        "message": "The mandate of this PaymentMethod is inactive.",
                    }
                },
            )
        key = self.headers.get("Idempotency-Key", "")
        for intent in FakeStripe.intents.values():
            if key and intent["_idempotency_key"] == key:
                return self._reply(200, _public(intent))
        metadata = {
            key[len("metadata[") : -1]: values[0]
            for key, values in form.items()
            if key.startswith("metadata[")
        }
        intent = {
            "id": FakeStripe.new_id("pi_sepa"),
            "object": "payment_intent",
            "amount": int(form["amount"][0]),
            "currency": "eur",
            "customer": form["customer"][0],
            "payment_method": method,
            "status": "processing",
            "metadata": metadata,
            "_iban": method.removeprefix("pm_sepa_"),
            "_idempotency_key": key,
        }
        FakeStripe.intents[intent["id"]] = intent
        return self._reply(200, _public(intent))

    def _refund(self, form: dict[str, list[str]]):
        intent = form["payment_intent"][0]
        if intent == "pi_already_refunded":
            return self._reply(
                400,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "charge_already_refunded",
                        "message": "Charge ch_local has already been refunded.",
                    }
                },
            )
        if intent == "pi_not_refundable":
            return self._reply(
                400,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "resource_missing",
                        "param": "payment_intent",
                        "message": f"No such payment_intent: '{intent}'",
                    }
                },
            )
        if intent == "pi_stripe_down":
            # Stripe-Should-Retry: false keeps the SDK from retrying (and sleeping) in tests.
            return self._reply(
                503,
                {"error": {"type": "api_error", "message": "Unavailable"}},
                headers={"Stripe-Should-Retry": "false"},
            )
        return self._reply(
            200,
            {
                "id": f"re_{intent}",
                "object": "refund",
                "amount": int(form["amount"][0]),
                "payment_intent": intent,
                "status": "succeeded",
            },
        )


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if not key.startswith("_")}


def session_with_setup_intent(session: dict[str, Any]) -> dict[str, Any]:
    """The session as `expand[]=setup_intent.payment_method` returns it."""
    body = _public(session)
    setup = session.get("_setup_intent")
    if setup is not None:
        body["setup_intent"] = setup
    return body


def event(event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": FakeStripe.new_id("evt"),
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def _intent_events(intent: dict[str, Any], outcome: str) -> list[Timed]:
    """What test mode sends once a SEPA PaymentIntent is processing, from its IBAN."""
    late = LATE_SECONDS if outcome in (SUCCEEDS_LATE, FAILS_LATE) else 0
    if outcome in (FAILS, FAILS_LATE):
        failed = {
            **_public(intent),
            "status": "requires_payment_method",
            "amount_received": 0,
            "last_payment_error": {
                "type": "invalid_request_error",
                "code": "payment_method_provider_decline",
                "decline_code": "insufficient_funds",
                "message": "The customer's bank account has insufficient funds.",
            },
        }
        return [Timed(late, event("payment_intent.payment_failed", failed))]
    succeeded = {**_public(intent), "status": "succeeded", "amount_received": intent["amount"]}
    timeline = [Timed(late, event("payment_intent.succeeded", succeeded))]
    if outcome == DISPUTED:
        dispute = {
            "id": FakeStripe.new_id("dp"),
            "object": "dispute",
            "amount": intent["amount"],
            "currency": "eur",
            "charge": FakeStripe.new_id("py"),
            "payment_intent": intent["id"],
            "reason": "general",
            "status": "needs_response",
        }
        timeline.append(Timed(late, event("charge.dispute.created", dispute)))
    return timeline


def hosted_page_pay(session_id: str, iban: str) -> list[Timed]:
    """The doctor gives `iban` and accepts the mandate on the hosted page of a payment-mode
    session: the events test mode then sends, the first one at once."""
    session = FakeStripe.sessions[session_id]
    intent = {
        "id": FakeStripe.new_id("pi_sepa"),
        "object": "payment_intent",
        "amount": session["amount_total"],
        "currency": "eur",
        "customer": session["customer"],
        "payment_method": f"pm_sepa_{iban}",
        "status": "processing",
        "metadata": dict(session["metadata"]),
        "_iban": iban,
        "_idempotency_key": "",
    }
    FakeStripe.intents[intent["id"]] = intent
    session["payment_intent"] = intent["id"]
    completed = {**_public(session), "payment_status": "unpaid", "status": "complete"}
    timeline = [Timed(0, event("checkout.session.completed", completed))]
    outcome = TEST_IBANS[iban]
    for timed in _intent_events(intent, outcome):
        timeline.append(timed)
        if timed.event["type"] == "payment_intent.succeeded":
            paid = {**completed, "payment_status": "paid"}
            timeline.append(
                Timed(timed.after, event("checkout.session.async_payment_succeeded", paid))
            )
        elif timed.event["type"] == "payment_intent.payment_failed":
            timeline.append(
                Timed(timed.after, event("checkout.session.async_payment_failed", completed))
            )
    return timeline


def hosted_page_setup(session_id: str, iban: str) -> dict[str, Any]:
    """The doctor accepts a mandate on the hosted page of a setup-mode session: the
    `checkout.session.completed` event; the session now carries its SetupIntent."""
    session = FakeStripe.sessions[session_id]
    setup_id = FakeStripe.new_id("seti")
    session["setup_intent"] = setup_id
    session["_setup_intent"] = {
        "id": setup_id,
        "object": "setup_intent",
        "status": "succeeded",
        "customer": session["customer"],
        "mandate": FakeStripe.new_id("mandate"),
        "payment_method": {
            "id": f"pm_sepa_{iban}",
            "object": "payment_method",
            "type": "sepa_debit",
            "sepa_debit": {"last4": iban[-4:], "country": iban[:2]},
        },
    }
    return event("checkout.session.completed", {**_public(session), "status": "complete"})


def intent_timeline(intent_id: str) -> list[Timed]:
    """The events test mode sends for an off-session SEPA PaymentIntent (`collect`)."""
    intent = FakeStripe.intents[intent_id]
    return _intent_events(intent, TEST_IBANS[intent["_iban"]])


def signed_post(client: Any, payload: str, *, secret: str = WEBHOOK_SECRET, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)
    return client.post(
        "/paiement/webhook/stripe/",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )


def signed_headers(event: dict) -> tuple[bytes, dict[str, str]]:
    """`event` as the body and headers of Stripe's webhook request."""
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(
        payload, WEBHOOK_SECRET, int(time.time())
    )
    return payload.encode(), {"Stripe-Signature": header}


def stripe_webhook(client: Any, event: dict, *, secret=WEBHOOK_SECRET, timestamp=None):
    """Deliver `event` to the portal as Stripe does, signed with the SDK's helper."""
    return signed_post(client, json.dumps(event), secret=secret, timestamp=timestamp)


def deliver(client: Any, timeline: list[Timed], *, until: int) -> list[Timed]:
    """Deliver the events due within `until` seconds; return those still to come."""
    later = []
    for timed in timeline:
        if timed.after <= until:
            assert stripe_webhook(client, timed.event).status_code == 200
        else:
            later.append(timed)
    return later


@contextmanager
def running_fake_stripe(settings: Any) -> Iterator[type[FakeStripe]]:
    """The fake on a free port, and the portal's Stripe settings pointing at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeStripe.reset()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_portal_local"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = base
    try:
        yield FakeStripe
    finally:
        server.shutdown()
        server.server_close()
