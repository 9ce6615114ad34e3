"""Key-encryption keys (KEKs) from settings: `VAULT_KEYS` and `VAULT_ACTIVE_KEY`."""

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from vault.crypto import KEY_SIZE, validate_kek_id


def parse_keys(raw: str) -> dict[str, bytes]:
    """`id:base64key,id2:base64key` → {id: 32-byte key}; raises ImproperlyConfigured."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        kek_id, sep, encoded = item.partition(":")
        if not sep:
            raise ImproperlyConfigured("VAULT_KEYS entries look like id:base64key")
        try:
            validate_kek_id(kek_id)
        except ValueError as exc:
            raise ImproperlyConfigured(f"VAULT_KEYS: {exc}") from exc
        try:
            padded = encoded + "=" * (-len(encoded) % 4)
            key = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"VAULT_KEYS: key {kek_id!r} is not base64") from exc
        if len(key) != KEY_SIZE:
            raise ImproperlyConfigured(f"VAULT_KEYS: key {kek_id!r} must be 32 bytes")
        if kek_id in keys:
            raise ImproperlyConfigured(f"VAULT_KEYS: key {kek_id!r} appears twice")
        keys[kek_id] = key
    return keys


def all_keys() -> dict[str, bytes]:
    return parse_keys(settings.VAULT_KEYS)


def active_key() -> tuple[str, bytes]:
    keys = all_keys()
    kek_id = settings.VAULT_ACTIVE_KEY
    if not kek_id or kek_id not in keys:
        raise ImproperlyConfigured("VAULT_ACTIVE_KEY must name one of the keys in VAULT_KEYS")
    return kek_id, keys[kek_id]
