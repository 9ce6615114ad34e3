"""`/healthz`: does this process reach its database and, when configured, its broker and the
vault's key service (VAULT_KEY_PROVIDER=kms)?"""

import functools
import os
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


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
    checks: dict[str, Any] = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_ok()
    if settings.VAULT_KEY_PROVIDER == "kms":
        checks["key_service"] = _key_service_ok()
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
