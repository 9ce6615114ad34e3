"""The portal's rate limiting, for every app: the client's address, counters, the 429 answer.

One home (A1 #4): accounts, contact, directory, guides and cotisations count hits here, read
the client's address with `client_ip` (as allauth's limits and the API's throttles do, through
accounts.adapters and portal.throttles), and answer with `refused_page` / `refused_api`.

A small fixed-window rate limiter on Django's cache (Redis in CI and production).

    result = hit(f"claim:user:{user.pk}", "5/h")
    if not result.allowed:
        ...  # answer 429 with a Retry-After of result.retry_after seconds

Rates read "<count>/<period>", the period being s, m, h or d, optionally with a multiplier
("10/15m"). Counters live in fixed windows aligned on the epoch: cheap (one `add` and one
`incr`; on Redis `hit_many` counts several limits in one pipelined round trip), and a burst at a
window's edge can reach at most twice the rate, which is enough to stop enumeration and email
flooding.
"""

import hashlib
import ipaddress
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.response import Response

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
    return hit_many([(key, rate)], now=now)[0]


def hit_many(
    checks: Sequence[tuple[str, str]], *, now: float | None = None
) -> list[RateLimitResult]:
    """Count one hit against each (key, rate); on Redis, every counter in one round trip."""
    current = time.time() if now is None else now
    windows = []
    for key, rate in checks:
        parsed = parse_rate(rate)
        start = int(current) // parsed.period * parsed.period
        # A little longer than the window, so a counter never vanishes while its window runs.
        windows.append((parsed, start, _cache_key(key, start), parsed.period + 60))
    client = _redis_client()
    if client is not None:
        counts = _redis_counts(client, [(key, timeout) for _, _, key, timeout in windows])
    else:
        counts = [_cache_count(key, timeout) for _, _, key, timeout in windows]
    return [
        RateLimitResult(
            allowed=count <= parsed.count,
            retry_after=max(1, start + parsed.period - int(current)),
            count=count,
            limit=parsed.count,
        )
        for (parsed, start, _, _), count in zip(windows, counts, strict=True)
    ]


def _redis_client() -> Any:
    """The Redis client behind Django's cache, or None on another backend (tests, development)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def _redis_counts(client: Any, counters: list[tuple[str, int]]) -> list[int]:
    # MULTI/EXEC: each counter is created with its expiry and counted with nothing in between,
    # and all of them travel in one round trip. The cache's own key names are used, so that
    # cache.get() reads the same counters (Django stores integers as plain Redis integers).
    pipe = client.pipeline(transaction=True)
    for key, timeout in counters:
        name = cache.make_and_validate_key(key)
        pipe.set(name, 0, ex=timeout, nx=True)
        pipe.incr(name)
    return [int(count) for count in pipe.execute()[1::2]]


def _cache_count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:
        # The key was evicted between add and incr: this hit opens a fresh counter.
        cache.set(key, 1, timeout=timeout)
        return 1


def client_ip(request: HttpRequest) -> str:
    """The client's address: the right-most hop of X-Forwarded-For no proxy of ours added.

    Behind TRUSTED_PROXY_COUNT proxies (docs/deployment.md) each one appends the address it
    received the request from, so the client is the TRUSTED_PROXY_COUNT-th entry from the
    right; whatever a client writes to the left of it ("spoofed" hops) is never read. Without
    a trusted proxy (TRUSTED_PROXY_COUNT unset or 0) the header is ignored: any client could
    otherwise pick a fresh "address" for every request. A request that passed fewer proxies
    than configured, or whose hop is not an address, is counted against REMOTE_ADDR.
    """
    remote = _address(request.META.get("REMOTE_ADDR")) or "unknown"
    count = settings.TRUSTED_PROXY_COUNT or 0
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if count < 1 or not forwarded:
        return remote
    hops = forwarded.split(",")
    if len(hops) < count:
        return remote
    return _address(hops[-count]) or remote


def _address(value: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return None


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


def retry_minutes(result: RateLimitResult) -> int:
    """The wait a page announces, in whole minutes (at least one)."""
    return max(1, -(-result.retry_after // 60))


def refused_page(
    request: HttpRequest,
    result: RateLimitResult,
    template: str = "429.html",
    context: dict[str, object] | None = None,
) -> HttpResponse:
    """The 429 page (templates/429.html or a page extending it) with its Retry-After header."""
    response = render(
        request,
        template,
        {
            "retry_minutes": retry_minutes(result),
            "retry_after": result.retry_after,
            **(context or {}),
        },
        status=429,
    )
    response["Retry-After"] = str(result.retry_after)
    return response


def refused_api(result: RateLimitResult, detail: str) -> Response:
    """The API's 429: `{"detail": ...}` with the same Retry-After header as the pages."""
    return Response(
        {"detail": detail}, status=429, headers={"Retry-After": str(result.retry_after)}
    )
