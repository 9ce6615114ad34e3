"""A small fixed-window rate limiter on Django's cache (Redis in CI and production).

    result = hit(f"claim:user:{user.pk}", "5/h")
    if not result.allowed:
        ...  # answer 429 with a Retry-After of result.retry_after seconds

Rates read "<count>/<period>", the period being s, m, h or d, optionally with a multiplier
("10/15m"). Counters live in fixed windows aligned on the epoch: cheap (one `add` and one
`incr`), and a burst at a window's edge can reach at most twice the rate, which is enough to
stop enumeration and email flooding.
"""

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_RE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<multiplier>\d*)\s*(?P<unit>[smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    period: int


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    # Seconds until the current window ends: what a 429's Retry-After header should say.
    retry_after: int
    count: int
    limit: int


def parse_rate(rate: str) -> Rate:
    match = _RATE_RE.match(rate)
    if match is None:
        raise ValueError(f"Invalid rate {rate!r}: expected e.g. '5/h', '10/m' or '20/15m'.")
    multiplier = int(match["multiplier"] or 1)
    count = int(match["count"])
    if count < 1 or multiplier < 1:
        raise ValueError(f"Invalid rate {rate!r}: count and period must be positive.")
    return Rate(count=count, period=multiplier * _UNIT_SECONDS[match["unit"]])


def _cache_key(key: str, window_start: int) -> str:
    # Keys may carry IP addresses or emails: hash them so the cache never holds them in clear
    # and every backend accepts the key's characters and length.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{digest}:{window_start}"


def hit(key: str, rate: str, *, now: float | None = None) -> RateLimitResult:
    """Count one hit against `key` and tell whether it stays within `rate`."""
    parsed = parse_rate(rate)
    current = time.time() if now is None else now
    window_start = int(current) // parsed.period * parsed.period
    cache_key = _cache_key(key, window_start)
    # A little longer than the window, so a counter never vanishes while its window runs.
    timeout = parsed.period + 60
    cache.add(cache_key, 0, timeout=timeout)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key was evicted between add and incr: this hit opens a fresh counter.
        cache.set(cache_key, 1, timeout=timeout)
        count = 1
    retry_after = max(1, window_start + parsed.period - int(current))
    return RateLimitResult(
        allowed=count <= parsed.count, retry_after=retry_after, count=count, limit=parsed.count
    )


def client_ip(request: HttpRequest) -> str:
    """The client's address, read the way allauth's own rate limits read it.

    X-Forwarded-For counts only when ALLAUTH_TRUSTED_PROXY_COUNT (or
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER) says a proxy of ours set it: otherwise any client could
    pick a fresh "address" for every request.
    """
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def client_address(request: HttpRequest) -> str | None:
    """`client_ip` when it is an IP address; None when there is none to record (a proxy on a
    Unix socket, an unparsable header), so that logs keep an empty address instead of failing.
    """
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
