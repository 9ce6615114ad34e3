"""The `kms` key provider: data keys wrapped by a key service speaking the AWS KMS API.

The portal never holds the key that wraps data keys: for each new object it asks the service
for a data key (`GenerateDataKey`), keeps only the wrapped copy (in the object's header and
the row), and asks the service to unwrap it (`Decrypt`) when an authorised request opens the
object, once per object. Every call carries an encryption context naming the document, the
user bound to it and the object format: the service refuses a wrapped key presented for
another document or owner (docs/vault-format.md). Every call also carries the request id and
the acting user (headers and User-Agent), so the service's own log can be matched with the
portal's access journal (docs/vault.md).

Keys are named by short labels, as local KEKs are: `VAULT_KMS_KEYS=label:key-id-or-arn,...`,
and `VAULT_ACTIVE_KEY` names the label new documents use.
"""

import contextlib
import contextvars
import functools
import logging
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.request_id import current_request_id, current_user_id
from vault.crypto import KEY_SIZE, KMS, Header, NewDataKey, VaultCryptoError, validate_kek_id

logger = logging.getLogger("vault")

# The object format whose segment keys a data key feeds (docs/vault-format.md, version 2).
OBJECT_FORMAT = "OMVF/2"
REQUEST_HEADER = "X-Ordre-Request-Id"
ACTOR_HEADER = "X-Ordre-Actor"

_actor: contextvars.ContextVar[str] = contextvars.ContextVar("vault_kms_actor", default="system")


class KeyServiceError(VaultCryptoError):
    """The key service refused the call (wrong context, unknown or disabled key, denied)."""


class KeyServiceUnavailable(KeyServiceError):
    """The key service could not be reached, or did not answer in time."""


def parse_kms_keys(raw: str) -> dict[str, str]:
    """`label:key-id,label2:arn:aws:kms:...` → {label: key id}; raises ImproperlyConfigured."""
    keys: dict[str, str] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        label, sep, key_id = item.partition(":")
        if not sep or not key_id.strip():
            raise ImproperlyConfigured("VAULT_KMS_KEYS entries look like label:key-id-or-arn")
        try:
            validate_kek_id(label)
        except ValueError as exc:
            raise ImproperlyConfigured(f"VAULT_KMS_KEYS: {exc}") from exc
        if label in keys:
            raise ImproperlyConfigured(f"VAULT_KMS_KEYS: label {label!r} appears twice")
        keys[label] = key_id.strip()
    return keys


def kms_keys() -> dict[str, str]:
    return parse_kms_keys(settings.VAULT_KMS_KEYS)


def key_id_for(label: str) -> str:
    key_id = kms_keys().get(label)
    if key_id is None:
        raise KeyServiceError(f"KMS key {label!r} is not configured (VAULT_KMS_KEYS)")
    return key_id


def encryption_context(*, document_id: uuid.UUID, owner_id: int) -> dict[str, str]:
    """What the service binds a wrapped data key to; the same one is needed to unwrap it."""
    return {
        "ordre:document": str(document_id),
        "ordre:owner": str(owner_id),
        "ordre:format": OBJECT_FORMAT,
    }


@contextlib.contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Name who acts when no authenticated request does (a command, a task)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def audit_metadata() -> tuple[str, str]:
    """(request id, acting user) for the key service's log: the request's, or the process's."""
    user_id = current_user_id()
    return current_request_id() or "-", f"user/{user_id}" if user_id else _actor.get()


def _add_audit_metadata(request: Any, **kwargs: Any) -> None:
    request_id, actor = audit_metadata()
    request.headers[REQUEST_HEADER] = request_id
    request.headers[ACTOR_HEADER] = actor
    # CloudTrail and most key services log the User-Agent: it carries the same two facts.
    agent = request.headers.get("User-Agent", "")
    if isinstance(agent, bytes):
        agent = agent.decode("ascii", "replace")
    request.headers["User-Agent"] = f"{agent} ordre-request/{request_id} ordre-actor/{actor}"


@functools.lru_cache(maxsize=4)
def _client(endpoint: str, region: str, access_key: str, secret_key: str, timeout: float) -> Any:
    """One client per configuration and process; it holds connections, never key material."""
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "kms",
        endpoint_url=endpoint or None,
        region_name=region,
        aws_access_key_id=access_key or None,
        aws_secret_access_key=secret_key or None,
        config=Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"mode": "standard", "max_attempts": 3},
            user_agent_extra="ordre-portal",
        ),
    )
    client.meta.events.register("before-sign.kms", _add_audit_metadata)
    return client


def client() -> Any:
    return _client(
        settings.VAULT_KMS_ENDPOINT_URL,
        settings.VAULT_KMS_REGION,
        settings.VAULT_KMS_ACCESS_KEY_ID,
        settings.VAULT_KMS_SECRET_ACCESS_KEY,
        float(settings.VAULT_KMS_TIMEOUT),
    )


def _call(operation: str, **params: Any) -> dict[str, Any]:
    from botocore.exceptions import BotoCoreError, ClientError

    name = "".join(word.capitalize() for word in operation.split("_"))  # the API's: ReEncrypt
    try:
        response: dict[str, Any] = getattr(client(), operation)(**params)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "error")
        raise KeyServiceError(f"the key service refused {name}: {code}") from exc
    except BotoCoreError as exc:
        raise KeyServiceUnavailable(
            f"the key service did not answer {name}: {type(exc).__name__}"
        ) from exc
    return response


def new_data_key(*, label: str, document_id: uuid.UUID, owner_id: int) -> NewDataKey:
    response = _call(
        "generate_data_key",
        KeyId=key_id_for(label),
        KeySpec="AES_256",
        EncryptionContext=encryption_context(document_id=document_id, owner_id=owner_id),
    )
    plaintext = bytes(response["Plaintext"])
    if len(plaintext) != KEY_SIZE:
        raise KeyServiceError("the key service returned a data key of the wrong size")
    return NewDataKey(KMS, label, plaintext, bytes(response["CiphertextBlob"]))


def unwrap(header: Header, *, document_id: uuid.UUID, owner_id: int) -> bytes:
    """The data key of one object, asked of the service (the one unwrap of an open)."""
    response = _call(
        "decrypt",
        CiphertextBlob=header.wrapped_key,
        KeyId=key_id_for(header.kek_id),
        EncryptionContext=encryption_context(document_id=document_id, owner_id=owner_id),
    )
    plaintext = bytes(response["Plaintext"])
    if len(plaintext) != KEY_SIZE:
        raise KeyServiceError("the key service returned a data key of the wrong size")
    return plaintext


def wrap(data_key: bytes, *, label: str, document_id: uuid.UUID, owner_id: int) -> bytes:
    """Have the service wrap an existing data key (moving a local object to kms)."""
    response = _call(
        "encrypt",
        KeyId=key_id_for(label),
        Plaintext=data_key,
        EncryptionContext=encryption_context(document_id=document_id, owner_id=owner_id),
    )
    return bytes(response["CiphertextBlob"])


def rewrap(header: Header, *, label: str, document_id: uuid.UUID, owner_id: int) -> bytes:
    """Re-wrap under another service key inside the service: the data key never leaves it."""
    context = encryption_context(document_id=document_id, owner_id=owner_id)
    response = _call(
        "re_encrypt",
        CiphertextBlob=header.wrapped_key,
        SourceKeyId=key_id_for(header.kek_id),
        SourceEncryptionContext=context,
        DestinationKeyId=key_id_for(label),
        DestinationEncryptionContext=context,
    )
    return bytes(response["CiphertextBlob"])


def key_problem(label: str, *, round_trip: bool) -> str | None:
    """Why the service cannot serve `label` (unreachable, unknown, disabled, not a symmetric
    encryption key, refused), or None. `round_trip` also has it make and unwrap a data key,
    which proves these credentials may use the key, not only see it."""
    try:
        metadata = _call("describe_key", KeyId=key_id_for(label))["KeyMetadata"]
        if metadata.get("KeyState") != "Enabled":
            return f"KMS key {label!r} is {metadata.get('KeyState', 'not enabled')}"
        # Absent fields are the service's defaults (moto leaves KeyUsage out).
        usage = metadata.get("KeyUsage") or "ENCRYPT_DECRYPT"
        if usage != "ENCRYPT_DECRYPT" or metadata.get("KeySpec", "SYMMETRIC_DEFAULT") != (
            "SYMMETRIC_DEFAULT"
        ):
            return f"KMS key {label!r} is not a symmetric encryption key"
        if round_trip:
            probe = {"ordre:probe": "startup", "ordre:format": OBJECT_FORMAT}
            made = _call(
                "generate_data_key",
                KeyId=key_id_for(label),
                KeySpec="AES_256",
                EncryptionContext=probe,
            )
            back = _call(
                "decrypt",
                CiphertextBlob=made["CiphertextBlob"],
                KeyId=key_id_for(label),
                EncryptionContext=probe,
            )
            if bytes(back["Plaintext"]) != bytes(made["Plaintext"]):
                return f"KMS key {label!r} does not give back the data key it made"
    except KeyServiceError as exc:
        return f"KMS key {label!r}: {exc}"
    return None
