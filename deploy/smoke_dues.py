"""The dues steps of the smoke scenario: pay with the dummy provider, its webhook, attestation."""

import datetime
import hashlib
import hmac
import json
import re
import secrets
import time
from typing import Any

import requests

from deploy.smoke_client import Browser, StepFailed, location, pdf_text_runs
from deploy.stack import Stack, pg_query


class DuesSteps:
    """Mixed into deploy.smoke.Scenario, whose fields these are."""

    stack: Stack
    browser: Browser
    env: dict[str, str]
    state: dict[str, Any]

    def pay_dues(self) -> str:
        year = datetime.date.today().year
        page = self.browser.get("/espace/cotisations/").text
        mode = re.search(r'name="mode" value="([^"]+)"', page)
        if not mode:
            raise StepFailed("no payment button on the dues page")
        response = self.browser.post(
            f"/espace/cotisations/{year}/payer/", {"mode": mode.group(1)}, page=page
        )
        checkout_page = location(response)
        if "/paiement-test/" not in checkout_page:
            raise StepFailed(f"not sent to the dummy provider's page: {checkout_page}")
        public_id = checkout_page.rstrip("/").rsplit("/", 1)[1]
        provider_page = self.browser.get(checkout_page).text
        card = re.search(r'<option value="([^"]*)"', provider_page)
        response = self.browser.post(
            checkout_page,
            {"outcome": "pay", "card": card.group(1) if card else ""},
            page=provider_page,
        )
        # The webhook travels through a worker (deliver_dummy_webhook); the return page waits.
        deadline = time.monotonic() + 60
        while "a bien été reçu" not in self.browser.get(location(response)).text:
            if time.monotonic() > deadline:
                raise StepFailed("the payment was never confirmed by its webhook")
            time.sleep(0.5)
        self.state.update(year=year, public_id=public_id)
        workers = [p.name for p in self.stack.processes if p.name.startswith("worker")]
        by = [n for n in workers if "deliver_dummy_webhook[" in self._log(n)]
        return f"checkout {public_id} confirmed by the webhook on {', '.join(by) or 'a worker'}"

    def webhook_endpoint(self) -> str:
        body = json.dumps(
            {
                "id": f"evt_smoke_{secrets.token_hex(8)}",
                "type": "checkout.cancelled",
                "created": int(time.time()),
                "data": {"checkout": self.state["public_id"]},
            },
            separators=(",", ":"),
        ).encode()
        url = self.browser.base() + "/paiement/webhook/dummy/"
        forged = requests.post(url, data=body, headers={"Dummy-Signature": "t=1,v1=00"}, timeout=30)
        if forged.status_code != 400:
            raise StepFailed(f"a forged webhook got HTTP {forged.status_code}, expected 400")
        signed = requests.post(
            url, data=body, headers={"Dummy-Signature": self._sign(body)}, timeout=30
        )
        if signed.status_code != 200:
            raise StepFailed(f"a signed webhook got HTTP {signed.status_code}: {signed.text[:300]}")
        status = pg_query(
            self.env["DATABASE_URL"],
            "SELECT c.status FROM cotisations_duescall c JOIN roll_doctor d ON d.id = c.doctor_id "
            "WHERE d.rpps = %s",
            (self.state["rpps"],),
        )
        if status != [("paid",)]:
            raise StepFailed(f"a late cancellation changed the dues: {status}")
        return "forged signature refused (400); late signed cancellation accepted, dues stay paid"

    def attestation(self) -> str:
        year = self.state["year"]
        pdf = self.browser.get(f"/espace/cotisations/{year}/attestation/")
        if not pdf.content.startswith(b"%PDF-") or "pdf" not in pdf.headers["Content-Type"]:
            raise StepFailed("the attestation is not a PDF")
        # The code as printed on the attestation, checked publicly as a third party would.
        candidates = {
            match
            for run in pdf_text_runs(pdf.content)
            for match in re.findall(r"\b[A-Z2-7]{26}\b", run)
        }
        anonymous = Browser(self.browser.bases)
        verified = [
            code
            for code in sorted(candidates)
            if self.state["rpps"] in anonymous.get(f"/verifier/{code}/", expect=None).text
        ]
        if len(verified) != 1:
            raise StepFailed(f"no verifiable code in the PDF (candidates: {sorted(candidates)})")
        code = verified[0]
        anonymous.get(f"/verifier/{'A' * len(code)}/", expect=404)
        rpps = self.state["rpps"]
        return f"PDF {len(pdf.content)} bytes; /verifier/{code[:6]}…/ confirms RPPS {rpps}"

    def _sign(self, body: bytes) -> str:
        timestamp = int(time.time())
        key = self.env["PAYMENT_WEBHOOK_SECRET"].encode()
        digest = hmac.new(key, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        return f"t={timestamp},v1={digest}"

    def _log(self, name: str) -> str:
        process = next(p for p in self.stack.processes if p.name == name)
        return process.log.read_text(errors="replace")
