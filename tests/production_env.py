"""A complete, valid production environment for tests that start production settings."""

import base64
import importlib
import secrets
from types import ModuleType

import pytest

VALID_PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portail.ordre.test",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "VAULT_KEYS": "deploy:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    "VAULT_ACTIVE_KEY": "deploy",
    "PAYMENT_PROVIDER": "stripe",
    "STRIPE_SECRET_KEY": "sk_test_check",
    "STRIPE_WEBHOOK_SECRET": "whsec_check",
    "SEPA_CREDITOR_ID": "FR35ZZZ654321",
    "SEPA_CREDITOR_IBAN": "FR1420041010050500013M02606",
}

# What portal.settings.production reads from the (already imported) base module rather than
# from the environment when a test imports it in-process.
_BASE_VALUES = {
    "REDIS_URL": VALID_PRODUCTION_ENV["REDIS_URL"],
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "VAULT_KEYS": VALID_PRODUCTION_ENV["VAULT_KEYS"],
    "VAULT_ACTIVE_KEY": VALID_PRODUCTION_ENV["VAULT_ACTIVE_KEY"],
    "PAYMENT_PROVIDER": "stripe",
    "STRIPE_SECRET_KEY": VALID_PRODUCTION_ENV["STRIPE_SECRET_KEY"],
    "STRIPE_WEBHOOK_SECRET": VALID_PRODUCTION_ENV["STRIPE_WEBHOOK_SECRET"],
    "SEPA_CREDITOR_ID": VALID_PRODUCTION_ENV["SEPA_CREDITOR_ID"],
    "SEPA_CREDITOR_IBAN": VALID_PRODUCTION_ENV["SEPA_CREDITOR_IBAN"],
}


def import_production_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """portal.settings.production imported in this process, with a valid configuration."""
    from portal.settings import base

    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        monkeypatch.setenv(name, env.get(name, VALID_PRODUCTION_ENV[name]))
    for name, value in _BASE_VALUES.items():
        monkeypatch.setattr(base, name, value)
    return importlib.reload(importlib.import_module("portal.settings.production"))
