"""A1 #5: production refuses to start misconfigured, for the web application and commands.

Each bad configuration is tried the way a deployment starts: importing the WSGI application
(what gunicorn does) and `manage.py migrate` (the compose file's first service). Both must stop
with ImproperlyConfigured naming the variable; before, both started (only `check --deploy`
looked at the vault key and the payment provider).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production_env import VALID_PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]

BAD = {
    "dummy provider": ({"PAYMENT_PROVIDER": "dummy"}, "PAYMENT_PROVIDER"),
    "dummy with the public secret": (
        {"PAYMENT_PROVIDER": "dummy", "PAYMENT_PROVIDER_ALLOW_DUMMY": "True"},
        "PAYMENT_WEBHOOK_SECRET",
    ),
    "stripe without its key": ({"STRIPE_SECRET_KEY": ""}, "STRIPE_SECRET_KEY"),
    "stripe without its webhook secret": ({"STRIPE_WEBHOOK_SECRET": ""}, "STRIPE_WEBHOOK_SECRET"),
    "the development creditor id": ({"SEPA_CREDITOR_ID": "FR72ZZZ123456"}, "SEPA_CREDITOR_ID"),
    "the development creditor IBAN": (
        {"SEPA_CREDITOR_IBAN": "FR7630006000011234567890189"},
        "SEPA_CREDITOR_IBAN",
    ),
    "no vault key": ({"VAULT_KEYS": "", "VAULT_ACTIVE_KEY": ""}, "VAULT_KEYS"),
    "an unreadable vault key": ({"VAULT_KEYS": "deploy:not-base64!"}, "VAULT_KEYS"),
    "an active key that is not there": ({"VAULT_ACTIVE_KEY": "other"}, "VAULT_ACTIVE_KEY"),
    "no Redis": ({"REDIS_URL": ""}, "REDIS_URL"),
    "no email configured": ({"EMAIL_URL": ""}, "EMAIL_URL"),
    "console email": ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL"),
}
STARTS = {
    "wsgi": [sys.executable, "-c", "import portal.wsgi"],
    "migrate": [sys.executable, "manage.py", "migrate", "--noinput"],
}


def start(
    argv: list[str], overrides: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in VALID_PRODUCTION_ENV and not k.startswith(("PAYMENT_", "STRIPE_", "VAULT_"))
    }
    env = {
        **inherited,
        **VALID_PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAULT_ROOT": str(tmp_path / "vault"),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        **overrides,
    }
    env = {k: v for k, v in env.items() if v != ""}
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("how", sorted(STARTS))
@pytest.mark.parametrize("case", sorted(BAD))
def test_a_misconfigured_production_refuses_to_start(case, how, tmp_path):
    overrides, variable = BAD[case]
    result = start(STARTS[how], overrides, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Production refuses to start" in result.stderr
    assert variable in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()  # migrate never touched the database


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {
            "PAYMENT_PROVIDER": "dummy",
            "PAYMENT_PROVIDER_ALLOW_DUMMY": "True",
            "PAYMENT_WEBHOOK_SECRET": "a-secret-of-this-test-rig",
        },
    ],
    ids=["stripe", "test rig with the dummy provider"],
)
def test_a_valid_production_configuration_starts(overrides, tmp_path):
    result = start(STARTS["wsgi"], overrides, tmp_path)
    assert result.returncode == 0, result.stderr
