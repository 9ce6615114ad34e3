"""Key-encryption keys (KEKs) from settings (`VAULT_KEYS`, `VAULT_ACTIVE_KEY`), and the key
providers that wrap and unwrap data keys (`VAULT_KEY_PROVIDER`: local or kms)."""

import base64
import binascii
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from vault import crypto
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


# The key providers (docs/vault.md): the data key of every new object is wrapped by the one
# VAULT_KEY_PROVIDER names; reading goes by what each object's header names, so objects of both
# providers stay readable while a council moves from one to the other (vault_rotate_keys).
PROVIDERS = (crypto.LOCAL, crypto.KMS)


def provider() -> str:
    chosen = settings.VAULT_KEY_PROVIDER
    if chosen not in PROVIDERS:
        raise ImproperlyConfigured(f"VAULT_KEY_PROVIDER={chosen!r} is unknown: local or kms")
    return str(chosen)


def active_key_id() -> str:
    """The label of the key new documents use, checked against the chosen provider's keys."""
    if provider() == crypto.LOCAL:
        return active_key()[0]
    from vault import kms

    labels = kms.kms_keys()
    kek_id = settings.VAULT_ACTIVE_KEY
    if not kek_id or kek_id not in labels:
        raise ImproperlyConfigured("VAULT_ACTIVE_KEY must name one of the keys in VAULT_KMS_KEYS")
    if kek_id in all_keys():
        raise ImproperlyConfigured(f"key {kek_id!r} is in both VAULT_KEYS and VAULT_KMS_KEYS")
    return str(kek_id)


def provider_of(kek_id: str) -> str:
    """Which provider holds the key of that label (labels are unique across both)."""
    from vault import kms

    return crypto.KMS if kek_id in kms.kms_keys() else crypto.LOCAL


def new_data_key(*, document_id: uuid.UUID, owner_id: int) -> crypto.NewDataKey:
    """A fresh data key for one new object, wrapped by the chosen provider's active key."""
    kek_id = active_key_id()
    if provider() == crypto.LOCAL:
        return crypto.local_data_key(kek_id=kek_id, kek=all_keys()[kek_id])
    from vault import kms

    return kms.new_data_key(label=kek_id, document_id=document_id, owner_id=owner_id)


def unwrapper(*, document_id: uuid.UUID, owner_id: int) -> crypto.Unwrap:
    """What a Decryptor calls once, at the header: the provider the header names unwraps."""

    def unwrap(header: crypto.Header) -> bytes:
        if header.provider == crypto.KMS:
            from vault import kms

            return kms.unwrap(header, document_id=document_id, owner_id=owner_id)
        return crypto.local_unwrap(all_keys())(header)

    return unwrap


def rewrap(
    header: crypto.Header, *, kek_id: str, document_id: uuid.UUID, owner_id: int
) -> crypto.Header:
    """The same header with its data key wrapped under `kek_id`, whichever providers hold the
    old and the new key. Between two key-service keys the data key never leaves the service."""
    from vault import kms

    target = provider_of(kek_id)
    if header.provider == crypto.KMS and target == crypto.KMS:
        wrapped = kms.rewrap(header, label=kek_id, document_id=document_id, owner_id=owner_id)
        return header.rewrapped(provider=crypto.KMS, kek_id=kek_id, wrapped_key=wrapped)
    data_key = unwrapper(document_id=document_id, owner_id=owner_id)(header)
    if target == crypto.KMS:
        wrapped = kms.wrap(data_key, label=kek_id, document_id=document_id, owner_id=owner_id)
    else:
        kek = all_keys().get(kek_id)
        if kek is None:
            raise crypto.UnknownKeyError(f"KEK {kek_id!r} is not configured")
        wrapped = crypto.wrap_key(kek, data_key)
    return header.rewrapped(provider=target, kek_id=kek_id, wrapped_key=wrapped)
