"""The dues deadline rush: doctors log in, pay their dues and download the receipt, while
anonymous visitors browse beside them (load/locustfile.py's Visitor).

Each doctor logs in through the real login form (password, then a TOTP code computed as an
authenticator app does), opens the dues page, pays the whole amount through the dummy
provider's hosted page, waits on the return page until the provider's webhook (delivered by
a Celery worker) has confirmed the payment, downloads the receipt and logs out; then the
simulated user takes the next account. `LOAD_DATA` names the JSON `load/seed.py --rush`
printed (emails, password, TOTP secrets, RPPS numbers).

Every simulated person sends its own X-Forwarded-For address, as the HTTPS proxy in front of
production does (the run sets TRUSTED_PROXY_COUNT=1): the per-address limits of the login
stay production's. The cookies are kept here and sent back over plain HTTP on loopback
(production marks them Secure).
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import threading
import time
from typing import Any

from locust import HttpUser, between, task
from locust.exception import StopUser
from locustfile import Visitor as Visitor  # anonymous traffic beside the doctors

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_MODE = re.compile(r'name="mode" value="([^"]+)"')
_RECEIPT = re.compile(r"/espace/cotisations/recus/(\d+)/")
_PAY = re.compile(r'action="(/espace/cotisations/\d{4}/payer/)"')
CODE_MARGIN_SECONDS = 3
_accounts = iter(DATA["rush"])
_addresses = itertools.count(1)
_lock = threading.Lock()


def totp(secret: str, at: float) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s), as deploy/smoke_client.totp."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


class Failed(Exception):
    def __init__(self, message: str, *, recorded: bool = False) -> None:
        super().__init__(message)
        self.recorded = recorded  # already counted as its request's failure


class RushDoctor(HttpUser):
    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        with _lock:
            n = next(_addresses)
        self.address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, name: str, expect: int, **kwargs: Any) -> Any:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"X-Forwarded-For": self.address, **({"Cookie": cookie} if cookie else {})}
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            for item in response.cookies:
                if item.value:
                    self.cookies[item.name] = item.value
                else:
                    self.cookies.pop(item.name, None)
            self.client.cookies.clear()
            if response.status_code != expect:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} (expected {expect}) {where}")
                raise Failed(name, recorded=True)
            return response

    def _post(self, path: str, name: str, data: dict[str, str], page: str) -> Any:
        token = _CSRF.search(page)
        if token is None:
            raise Failed(f"no CSRF token before {name}")
        data = {"csrfmiddlewaretoken": token.group(1), **data}
        return self._send("POST", path, name, 302, data=data)

    @task
    def deadline_journey(self) -> None:
        with _lock:
            account = next(_accounts, None)
        if account is None:
            raise StopUser  # every account has paid
        self.cookies = {}
        try:
            self._journey(account)
        except Failed as error:
            if not error.recorded:  # a step that found no answer: an error of the run too
                self.environment.events.request.fire(
                    request_type="JOURNEY",
                    name=str(error),
                    response_time=0,
                    response_length=0,
                    exception=error,
                    context={},
                )

    def _journey(self, account: dict[str, str]) -> None:
        login = "/compte/login/"
        page = self._send("GET", login, "GET /compte/login/", 200).text
        answer = self._post(
            login,
            "POST /compte/login/ (password)",
            {"login": account["email"], "password": DATA["password"]},
            page,
        )
        second = answer.headers["Location"]
        page = self._send("GET", second, "GET /compte/2fa/authenticate/", 200).text
        # As a person does when the app's countdown is nearly out: wait for the next code
        # (allauth allows no drift, and a queued request may reach it after the window).
        left = 30 - time.time() % 30
        if left < CODE_MARGIN_SECONDS:
            time.sleep(left + 0.05)
        code = totp(account["secret"], time.time())
        self._post(second, "POST /compte/2fa/authenticate/ (TOTP)", {"code": code}, page)

        dues = self._send("GET", "/espace/cotisations/", "/espace/cotisations/", 200).text
        mode = _MODE.search(dues)
        if mode is None:
            raise Failed("no payment button")
        # Pay the call the page offers (the current year's), whose receipt the page then lists.
        offered = _PAY.search(dues)
        if offered is None:
            raise Failed("no payment form")
        pay = offered.group(1)
        checkout = self._post(
            pay, "POST /espace/cotisations/<year>/payer/", {"mode": mode.group(1)}, dues
        )
        hosted = checkout.headers["Location"]
        page = self._send("GET", hosted, "GET /paiement-test/<id>/", 200).text
        card = re.search(r'<option value="([^"]*)"', page)
        back = self._post(
            hosted,
            "POST /paiement-test/<id>/ (pay)",
            {"outcome": "pay", "card": card.group(1) if card else ""},
            page,
        ).headers["Location"]
        # The return page says so once the webhook, through a worker, has confirmed the payment.
        deadline = time.monotonic() + 30
        while True:
            text = self._send("GET", back, "/espace/cotisations/retour/<id>/", 200).text
            if "a bien été reçu" in text:
                break
            if time.monotonic() > deadline:
                raise Failed("payment never confirmed by its webhook")
            time.sleep(0.5)
        dues = self._send("GET", "/espace/cotisations/", "/espace/cotisations/", 200).text
        receipt = _RECEIPT.search(dues)
        if receipt is None:
            raise Failed("no receipt link after payment")
        self._send("GET", receipt.group(0), "/espace/cotisations/recus/<id>/ (PDF)", 200)
        page = self._send("GET", "/espace/", "/espace/", 200).text
        self._post("/compte/logout/", "POST /compte/logout/", {}, page)
