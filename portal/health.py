"""`/healthz`: does this process reach its database and, when configured, its broker and the
vault's key service (VAULT_KEY_PROVIDER=kms)?

The proxy, the container runtime and the monitoring ask it every few seconds on every web
process, so `HealthCheckMiddleware` answers it right after Django's SecurityMiddleware (the
HTTPS redirect, HSTS and nosniff still apply; the view applies portal.headers itself, and
never_cache adds no-store): static files, the page caches, sessions, CSRF, locale,
messages, CSP and allauth have nothing to do with a JSON answer for machines, and skipping
them makes a check cost its two round trips, which overlap, and little else (bench/web.py:
about 0.07 ms of the 0.5 ms a check took in-process were those layers).
"""

import functools
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.headers import portal_headers_apply


def _database_ok() -> bool:
    """One round trip: an empty query, psycopg_pool's own check of a connection
    (`ConnectionPool.check_connection`), which the server answers without parsing anything
    (0.15 → 0.12 ms against `SELECT 1` here). CONN_HEALTH_CHECKS' check is not made first:
    the connection is asked directly."""
    try:
        connection.ensure_connection()
        connection.connection.execute("")
        usable = True
    except Exception:
        usable = False
    if not usable:
        connection.close()  # the next request connects again
    return usable


@functools.cache
def _broker_client(url: str):  # type: ignore[no-untyped-def]
    """One client per process: its pool keeps the connection open between health checks."""
    import redis

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=2,
        socket_timeout=2,
        client_name=f"portal-healthz-{os.getpid()}",
    )


def _broker_ping_send() -> Any:
    """Send PING on one of the process's broker connections and return it, for the answer to
    be read once the database has answered: the two round trips overlap (0.43 → 0.31 ms per
    check in-process, the best of six rounds of 4,000), which the proxy's and the runtime's
    checks of every process pay."""
    pool = _broker_client(settings.REDIS_URL).connection_pool
    try:
        connection = pool.get_connection()
    except Exception:
        return None
    try:
        connection.send_command("PING")
    except Exception:
        connection.disconnect()
        pool.release(connection)
        return _SEND_FAILED
    return connection


# The PING could not be written on a connection the pool had: asked again the ordinary way,
# as when its answer cannot be read (below), not reported as a broker down.
_SEND_FAILED = object()


def _broker_ping_read(connection: Any) -> bool:
    if connection is None:
        return False  # no connection could be made, just now
    if connection is _SEND_FAILED:
        return _broker_ok()
    pool = _broker_client(settings.REDIS_URL).connection_pool
    try:
        return connection.read_response() in (b"PONG", "PONG")
    except Exception:
        connection.disconnect()  # a half-read answer must not reach the next command
    finally:
        pool.release(connection)
    # Once more the ordinary way, with redis-py's reconnection and retries: a connection the
    # server closed while it sat idle is no reason to report the broker down.
    return _broker_ok()


def _broker_ok() -> bool:
    try:
        return bool(_broker_client(settings.REDIS_URL).ping())
    except Exception:
        return False


def _key_service_ok() -> bool:
    """The active key is there and enabled (DescribeKey: no data key is made or unwrapped)."""
    from vault import kms

    try:
        return kms.key_problem(settings.VAULT_ACTIVE_KEY, round_trip=False) is None
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    ping = _broker_ping_send() if settings.REDIS_URL else None
    checks: dict[str, Any] = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_ping_read(ping)
    if settings.VAULT_KEY_PROVIDER == "kms":
        checks["key_service"] = _key_service_ok()
    healthy = all(checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
    portal_headers_apply(request, response)
    return response


class HealthCheckMiddleware:
    """Answers /healthz before the layers a health check does not need (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
