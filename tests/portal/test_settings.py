"""Production settings refuse to start without secrets, and pass Django's deployment checks."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production_env import import_production_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portail.ordre.test",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
}
# Not refused at import, but by system checks under --deploy (vault.E001).
VAULT = {
    "VAULT_KEYS": "deploy:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    "VAULT_ACTIVE_KEY": "deploy",
}
# The dummy payment provider would let anyone mark dues as paid (cotisations.E003).
PAYMENT = {
    "PAYMENT_PROVIDER": "stripe",
    "STRIPE_SECRET_KEY": "sk_test_check",
    "STRIPE_WEBHOOK_SECRET": "whsec_check",
    "SEPA_CREDITOR_ID": "FR35ZZZ654321",
    "SEPA_CREDITOR_IBAN": "FR1420041010050500013M02606",
}

# Production refuses to start without them (portal/settings/startup_checks.py).
SERVICES = {"REDIS_URL": "redis://127.0.0.1:6379/0", "EMAIL_URL": "smtp://127.0.0.1:25"}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unset = {*GOOD, *VAULT, *PAYMENT, *SERVICES, "TRUSTED_PROXY_COUNT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_production_refuses_to_start_without_each_required_variable(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", env={**GOOD, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**GOOD, **VAULT, **PAYMENT, **SERVICES, "VAULT_ROOT": str(tmp_path / "vault")},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_refuses_to_boot_without_a_vault_key(tmp_path):
    result = manage("check", "--deploy", env={**GOOD, "VAULT_ROOT": str(tmp_path)})
    assert result.returncode != 0
    assert "vault.E001" in result.stderr


def test_production_refuses_the_dummy_payment_provider(tmp_path):
    env = {**GOOD, **VAULT, "VAULT_ROOT": str(tmp_path), "PAYMENT_PROVIDER": "dummy"}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "cotisations.E003" in result.stderr


def test_production_headers(settings, monkeypatch):
    """Values the deployment relies on, beyond what check --deploy looks at."""
    production = import_production_settings(monkeypatch, **GOOD)
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert production.SESSION_COOKIE_SECURE
    assert production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_CROSS_ORIGIN_OPENER_POLICY == "same-origin"
    assert production.DEBUG is False
    assert production.SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] == [
        "rest_framework.permissions.IsAuthenticated"
    ]


def test_security_headers_on_a_page(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
