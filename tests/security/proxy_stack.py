"""The deployed stack as an attacker meets it: gunicorn with production settings, behind the
documented HTTPS proxy, which these tests play themselves.

Every request reaches gunicorn from 127.0.0.1 and carries the X-Forwarded-For the proxy would
append, one address per client (R1 #1 and #2 are found only there: the development server and
Django's test client see neither the proxy's address nor gunicorn's workers).
"""

import base64
import os
import secrets
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from deploy.smoke_client import Browser
from deploy.stack import free_port, loopback_production_env, static_fingerprint, wait_until
from tests.conftest import require_redis

ROOT = Path(__file__).resolve().parents[2]


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def production_env(work: Path, **overrides: str) -> dict[str, str]:
    """Production settings on a SQLite file under `work`, Redis from REDIS_URL (required),
    collected static files, a migrated database; TRUSTED_PROXY_COUNT left to the caller."""
    redis_url = require_redis(os.environ.get("REDIS_URL", ""))
    env = {
        **loopback_production_env(work),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"filemail:///{work / 'mail'}",
        "VAULT_KEYS": "proxy:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "VAULT_ACTIVE_KEY": "proxy",
        "VAULT_ROOT": str(work / "vault"),
        "PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_proxy",
        "STRIPE_WEBHOOK_SECRET": "whsec_proxy",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }
    env.pop("TRUSTED_PROXY_COUNT", None)
    # Production's manifest storage needs collected files: the smoke run's cache when it has
    # one for these sources, built once otherwise.
    static_root = ROOT / "var" / "smoke-static" / static_fingerprint()
    if not (static_root / "staticfiles.json").exists():
        partial = static_root.with_suffix(".part")
        manage({**env, "STATIC_ROOT": str(partial)}, "collectstatic", "--noinput", "-v", "0")
        shutil.rmtree(static_root, ignore_errors=True)
        os.replace(partial, static_root)
    env["STATIC_ROOT"] = str(static_root)
    manage(env, "migrate", "--noinput", "-v", "0")
    return env


def seed(env: dict[str, str], code: str) -> str:
    """Run `code` in `manage.py shell` against the stack's database; what it printed."""
    return manage(env, "shell", "-c", code)


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


@dataclass
class Portal:
    base: str

    def client(self, address: str, spoofed: str = "") -> Browser:
        """A browser whose requests reach gunicorn through the proxy, from `address`.

        `spoofed`: what the client itself wrote in X-Forwarded-For; the proxy appends to it.
        """
        browser = Browser([self.base])
        forwarded = f"{spoofed}, {address}" if spoofed else address
        browser.session.headers["X-Forwarded-For"] = forwarded
        return browser


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


@contextmanager
def gunicorn(env: dict[str, str], trusted_proxy_count: str | None) -> Iterator[Portal]:
    """gunicorn as deployed (deploy/gunicorn_conf.py, two workers), with Redis flushed before
    and after so that no bucket or queued task crosses from one stack to the next."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    if trusted_proxy_count is not None:
        env["TRUSTED_PROXY_COUNT"] = trusted_proxy_count
    flush_redis(env["REDIS_URL"])
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "-c",
            "deploy/gunicorn_conf.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until("gunicorn", lambda: _answers(base), timeout=90)
        yield Portal(base)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        flush_redis(env["REDIS_URL"])


def logs_in(browser: Browser, email: str, password: str) -> bool:
    response = browser.post("/compte/login/", {"login": email, "password": password}, expect=None)  # type: ignore[arg-type]
    return response.status_code == 302
