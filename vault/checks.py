"""Refuse to deploy a vault that could not encrypt, or could not store what it encrypts."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def vault_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from vault.keys import active_key

    try:
        active_key()
    except ImproperlyConfigured as exc:
        return [
            Error(
                f"The vault has no usable active key: {exc}",
                hint="Set VAULT_KEYS=id:base64key (32 random bytes, e.g. "
                "`openssl rand -base64 32`) and VAULT_ACTIVE_KEY=id. See docs/vault.md.",
                id="vault.E001",
            )
        ]
    return []


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
