"""Container health checks: `python -m deploy.healthcheck web|worker|beat` exits 0 when healthy.

- web: GET /healthz on the local gunicorn, as the HTTPS proxy would send it (first allowed
  host, `X-Forwarded-Proto: https`, so that SECURE_SSL_REDIRECT does not answer a redirect).
  /healthz checks the database, Redis and, with VAULT_KEY_PROVIDER=kms, the key service.
- worker: a Celery worker of this container (host name) answers a ping through the broker.
- beat: the broker and the database (where the schedule lives) answer.
"""

import os
import socket
import sys
import urllib.request


def check_web() -> bool:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310
        return int(response.status) == 200


def check_worker() -> bool:
    from portal.celery import app

    # Each container has its own host name; natively, any worker of this host answers.
    suffix = f"@{socket.gethostname()}"
    replies = app.control.ping(timeout=10) or []
    return any(name.endswith(suffix) for reply in replies for name in reply)


def check_beat() -> bool:
    import django

    django.setup()
    from django.db import connection

    from portal.health import _broker_ok, _database_ok

    ok = _database_ok() and _broker_ok()
    connection.close()
    return ok


CHECKS = {"web": check_web, "worker": check_worker, "beat": check_beat}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CHECKS:
        print(f"usage: python -m deploy.healthcheck {'|'.join(CHECKS)}", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    try:
        healthy = CHECKS[argv[0]]()
    except Exception as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
