"""Refuse to deploy a vault that could not encrypt, or could not store what it encrypts.

With the `kms` key provider, `vault_key_service_check` also runs outside `--deploy` (so
`migrate`, the deployment's first step, and `runserver` refuse too): it asks the key service
for a data key under the active key and has it unwrapped, and describes every other key.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def vault_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from vault.keys import active_key_id, all_keys

    try:
        active_key_id()
        all_keys()  # old local KEKs, still read while documents use them
    except ImproperlyConfigured as exc:
        return [
            Error(
                f"The vault has no usable active key: {exc}",
                hint="Set VAULT_KEYS=id:base64key (32 random bytes, e.g. "
                "`openssl rand -base64 32`) and VAULT_ACTIVE_KEY=id, or VAULT_KEY_PROVIDER=kms "
                "with VAULT_KMS_KEYS=label:key-id and VAULT_ACTIVE_KEY=label. See docs/vault.md.",
                id="vault.E001",
            )
        ]
    return []


@register(Tags.security)
def vault_key_service_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from vault import kms
    from vault.keys import active_key_id

    if settings.VAULT_KEY_PROVIDER != "kms":
        return []
    try:
        active = active_key_id()
        labels = kms.kms_keys()
    except ImproperlyConfigured:
        return []  # vault.E001 says why (under --deploy; the settings refuse in production)
    problems = [kms.key_problem(active, round_trip=True)]
    problems += [kms.key_problem(label, round_trip=False) for label in labels if label != active]
    return [
        Error(
            f"The vault's key service cannot serve it: {problem}.",
            hint="Check VAULT_KMS_ENDPOINT_URL, VAULT_KMS_REGION, the credentials "
            "(VAULT_KMS_ACCESS_KEY_ID, or the host's role) and the key policy: the portal needs "
            "kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt, kms:Encrypt and kms:ReEncrypt* "
            "on every key of VAULT_KMS_KEYS. See docs/vault.md.",
            id="vault.E004",
        )
        for problem in problems
        if problem is not None
    ]


@register(Tags.security, deploy=True)
def vault_storage_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from vault.storage import vault_storage

    if settings.VAULT_STORAGE not in {"local", "s3"}:
        return [
            Error(
                f"VAULT_STORAGE={settings.VAULT_STORAGE!r} is unknown.",
                hint="Choose local or s3.",
                id="vault.E002",
            )
        ]
    try:
        vault_storage().check_writable()
    except Exception as exc:  # any storage failure: say which, stop the deployment
        return [
            Error(
                f"The vault storage ({settings.VAULT_STORAGE}) is not writable: "
                f"{type(exc).__name__}: {exc}",
                hint="Check VAULT_ROOT, or the VAULT_S3_* settings and the bucket's permissions.",
                id="vault.E003",
            )
        ]
    return []
