"""What production refuses to start with (A1 #5), checked when its settings are imported.

Importing portal.settings.production is the first thing every process does (gunicorn's WSGI
application, `manage.py migrate` and every other command, Celery's worker and beat), so a
refusal here holds on every start, not only under `check --deploy`. Each problem names the
variable to set; docs/configuration.md lists them.
"""

from collections.abc import Mapping
from typing import Any

from portal.settings.components.cotisations import DUMMY_WEBHOOK_SECRET
from portal.settings.components.debits import (
    DEVELOPMENT_CREDITOR_IBAN,
    DEVELOPMENT_CREDITOR_ID,
)


def production_problems(values: Mapping[str, Any]) -> list[str]:
    """Every unsafe setting in `values` (a settings module's globals), one sentence each."""
    return [
        *_payment_problems(values),
        *_direct_debit_problems(values),
        *_vault_problems(values),
        *_service_problems(values),
    ]


def _payment_problems(values: Mapping[str, Any]) -> list[str]:
    provider = values["PAYMENT_PROVIDER"]
    if provider == "dummy":
        if not values["PAYMENT_PROVIDER_ALLOW_DUMMY"]:
            return [
                "PAYMENT_PROVIDER=dummy would let anyone mark dues as paid (cotisations.E003): "
                "set PAYMENT_PROVIDER=stripe with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET."
            ]
        if values["PAYMENT_WEBHOOK_SECRET"] in {"", DUMMY_WEBHOOK_SECRET}:
            return [
                "PAYMENT_WEBHOOK_SECRET is the public default of this repository: anyone could "
                "sign the dummy provider's webhooks."
            ]
    if provider == "stripe":
        missing = [
            name for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET") if not values[name]
        ]
        if missing:
            return [f"PAYMENT_PROVIDER=stripe needs {' and '.join(missing)} (cotisations.E002)."]
    return []


def _direct_debit_problems(values: Mapping[str, Any]) -> list[str]:
    """Debits filed in the council's name must carry its own creditor id and account."""
    if values["DIRECT_DEBIT_PROVIDER"] != "sepa_file":
        return []
    problems = []
    if values["SEPA_CREDITOR_ID"] in {"", DEVELOPMENT_CREDITOR_ID}:
        problems.append(
            "SEPA_CREDITOR_ID is the development creditor id (ICS): set the council's own, "
            "or DIRECT_DEBIT_PROVIDER to stripe or empty."
        )
    if values["SEPA_CREDITOR_IBAN"] in {"", DEVELOPMENT_CREDITOR_IBAN}:
        problems.append(
            "SEPA_CREDITOR_IBAN is the development account: set the council's own IBAN, "
            "or DIRECT_DEBIT_PROVIDER to stripe or empty."
        )
    return problems


def _vault_problems(values: Mapping[str, Any]) -> list[str]:
    from django.core.exceptions import ImproperlyConfigured

    from vault.keys import parse_keys

    try:
        keys = parse_keys(values["VAULT_KEYS"])
    except ImproperlyConfigured as exc:
        return [f"The vault has no usable active key (vault.E001): {exc}."]
    provider = values["VAULT_KEY_PROVIDER"]
    if provider == "kms":
        return _kms_problems(values, keys)
    if provider != "local":
        return [f"VAULT_KEY_PROVIDER={provider!r} is unknown (vault.E001): local or kms."]
    if not keys:
        return [
            "The vault has no usable active key (vault.E001): set VAULT_KEYS=id:base64key "
            "(openssl rand -base64 32) and VAULT_ACTIVE_KEY=id."
        ]
    if values["VAULT_ACTIVE_KEY"] not in keys:
        return [
            "The vault has no usable active key (vault.E001): VAULT_ACTIVE_KEY must name one "
            "of the keys in VAULT_KEYS."
        ]
    return []


def _kms_problems(values: Mapping[str, Any], local_keys: Mapping[str, bytes]) -> list[str]:
    """The key service's settings as far as they can be read without calling it; whether the
    service answers and lets these credentials use the key is vault.E004 (vault/checks.py)."""
    from django.core.exceptions import ImproperlyConfigured

    from vault.kms import parse_kms_keys

    try:
        labels = parse_kms_keys(values["VAULT_KMS_KEYS"])
    except ImproperlyConfigured as exc:
        return [f"The vault has no usable key service key (vault.E001): {exc}."]
    if values["VAULT_ACTIVE_KEY"] not in labels:
        return [
            "VAULT_KEY_PROVIDER=kms needs VAULT_KMS_KEYS=label:key-id-or-arn and "
            "VAULT_ACTIVE_KEY naming one of its labels (vault.E001)."
        ]
    if both := sorted(set(labels) & set(local_keys)):
        return [f"Key labels {', '.join(both)} are in both VAULT_KEYS and VAULT_KMS_KEYS."]
    return []


def _service_problems(values: Mapping[str, Any]) -> list[str]:
    problems = []
    if not values["REDIS_URL"]:
        problems.append(
            "REDIS_URL is not set: sessions and rate limits would live in each process's "
            "memory and tasks would run inside web requests."
        )
    if values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
        problems.append(
            "EMAIL_URL is not set (or is consolemail://): emails, with their reset links and "
            "codes, would be written to the logs instead of sent."
        )
    return problems
