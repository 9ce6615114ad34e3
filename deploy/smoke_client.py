"""HTTP and mail helpers for the smoke scenario: a browser-like client and the sink's messages."""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import itertools
import re
import struct
import time
import zlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import requests

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StepFailed(AssertionError):
    pass


@dataclass
class Browser:
    """One person's session, sent alternately to each web process (no state in a process)."""

    bases: list[str]
    session: requests.Session = field(default_factory=requests.Session)
    turn: itertools.count[int] = field(default_factory=itertools.count)

    def base(self) -> str:
        return self.bases[next(self.turn) % len(self.bases)]

    def get(self, path: str, expect: int | None = 200, **kwargs: Any) -> requests.Response:
        response = self.session.get(self.base() + path, allow_redirects=False, timeout=60, **kwargs)
        _loopback_cookies(self.session)
        return _expect(response, expect)

    def post(
        self,
        path: str,
        data: dict[str, Any],
        expect: int = 302,
        form_path: str | None = None,
        page: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """GET the form (on one process), POST it with its CSRF token (on the other).

        `page`: the form already fetched (a second GET may change it, e.g. a new TOTP secret).
        """
        token = csrf_token(page if page is not None else self.get(form_path or path).text)
        response = self.session.post(
            self.base() + path,
            data={"csrfmiddlewaretoken": token, **data},
            allow_redirects=False,
            timeout=120,
            **kwargs,
        )
        _loopback_cookies(self.session)
        return _expect(response, expect)


def _loopback_cookies(session: requests.Session) -> None:
    """Send `Secure` cookies back over plain HTTP: the smoke run has no TLS on loopback.

    Production still marks them `Secure` (and `__Secure-`); only this client relaxes, after
    each response (requests copies the jar per request, so a cookie policy would be lost).
    """
    for cookie in session.cookies:
        cookie.secure = False


def _expect(response: requests.Response, expect: int | None) -> requests.Response:
    if expect is not None and response.status_code != expect:
        location = response.headers.get("Location", "")
        raise StepFailed(
            f"{response.request.method} {response.url}: HTTP {response.status_code} "
            f"(expected {expect}) {location}\n{response.text[:1500]}"
        )
    return response


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise StepFailed("no CSRF token in the form")
    return match.group(1)


def location(response: requests.Response) -> str:
    return response.headers.get("Location", "")


@dataclass
class MailSink:
    folder: Path

    def messages(self, to: str) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            if to.lower() in str(message.get("To", "")).lower():
                found.append(message)
        return found

    def wait_for(self, to: str, after: int = 0, timeout: float = 60) -> EmailMessage:
        """The first message to `to` beyond the `after` already there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages(to)
            if len(messages) > after:
                return messages[after]
            time.sleep(0.2)
        raise StepFailed(f"no email to {to} after {timeout:.0f} s")


def totp(secret: str, counter: int) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s) as an authenticator app computes it.

    Written out rather than imported from allauth: this process does not set up Django.
    """
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def pdf_text_runs(pdf: bytes) -> list[str]:
    """The text runs of a WeasyPrint PDF, decoded through its fonts' ToUnicode maps.

    Just enough PDF for the smoke run (no PDF library in the project): inflate every stream,
    collect the `bfchar` maps, and decode each `[<glyph>…] TJ` run with every map that knows
    all its glyphs (the caller checks which reading makes sense).
    """
    streams: list[bytes] = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    maps: list[dict[int, str]] = []
    for stream in streams:
        if b"beginbfchar" in stream:
            pairs = re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", stream.split(b"endcodespacerange")[-1]
            )
            maps.append(
                {int(g, 16): bytes.fromhex(u.decode()).decode("utf-16-be") for g, u in pairs}
            )
    runs: list[str] = []
    for stream in streams:
        for run in re.findall(rb"\[((?:<[0-9a-fA-F]+>-?[0-9.]*)+)\]\s*TJ", stream):
            glyphs = [int(g, 16) for g in re.findall(rb"<([0-9a-fA-F]+)>", run)]
            # Fonts are subsets numbering glyphs from 0 each: a run may decode under several maps.
            runs.extend(
                "".join(mapping[g] for g in glyphs)
                for mapping in maps
                if all(g in mapping for g in glyphs)
            )
    return runs


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return str(content)
