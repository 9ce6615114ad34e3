"""Key rotation and integrity verification over the whole vault (management commands)."""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model

from vault import crypto, keys
from vault.encrypted import EncryptedObject, encrypted_models
from vault.storage import VaultStorage, vault_storage
from vault.streams import IntegrityFailure

__all__ = ["encrypted_models"]  # the list every function below iterates (vault.encrypted)

logger = logging.getLogger("vault")
MAX_HEADER_SIZE = crypto.MAX_HEADER_SIZE


def _body_after(storage: VaultStorage, name: str, skip: int) -> Iterator[bytes]:
    for chunk in storage.read_chunks(name):
        if skip >= len(chunk):
            skip -= len(chunk)
            continue
        yield chunk[skip:]
        skip = 0


def document_rekey(
    *, document: EncryptedObject, kek_id: str, storage: VaultStorage | None = None
) -> bool:
    """Re-wrap one document's data key under `kek_id`; the encrypted content is copied as is.

    The object is rewritten (header replaced, segments byte for byte) and made durable before
    the row changes, so an interruption at any point leaves a readable document: the header
    is the truth, and a second run finishes the job. Returns False if nothing was needed.
    """
    store = storage or vault_storage()
    prefix = store.read_prefix(document.storage_name, MAX_HEADER_SIZE)
    header = crypto.parse_header(prefix)
    if header.kek_id != kek_id:
        # Local to kms, kms to kms (inside the service), local to local: keys.rewrap.
        new_header = keys.rewrap(
            header, kek_id=kek_id, document_id=document.pk, owner_id=document.bound_owner_id
        ).to_bytes()
        writer = store.open_writer(document.storage_name)
        try:
            writer.write(new_header)
            for chunk in _body_after(store, document.storage_name, header.size):
                writer.write(chunk)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        header = crypto.parse_header(new_header)
    if (
        document.kek_id == kek_id
        and bytes(document.wrapped_key) == header.wrapped_key
        and document.format_version == header.version
    ):
        return False
    with transaction.atomic():
        updated = (
            type(document)
            ._default_manager.filter(pk=document.pk, storage_name=document.storage_name)
            .update(kek_id=kek_id, wrapped_key=header.wrapped_key, format_version=header.version)
        )
    return bool(updated)


@dataclass
class RotationReport:
    rekeyed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def documents_to_rotate(*, kek_id: str) -> int:
    """How many rows, over every encrypted model, are not yet under `kek_id`."""
    return sum(
        model._default_manager.exclude(kek_id=kek_id).count() for model in encrypted_models()
    )


def vault_rotate(
    *, limit: int | None = None, progress: Callable[[Model], None] | None = None
) -> RotationReport:
    kek_id = keys.active_key_id()
    report = RotationReport()
    storage = vault_storage()
    seen = 0
    for model in encrypted_models():
        queryset = model._default_manager.exclude(kek_id=kek_id).order_by("pk")
        if "__" in model.bound_owner:  # the bound user's id is in the context a service checks
            queryset = queryset.select_related(model.bound_owner.rsplit("__", 1)[0])
        if limit is not None:
            queryset = queryset[: max(0, limit - seen)]
        for document in queryset.iterator():
            seen += 1
            try:
                if document_rekey(document=document, kek_id=kek_id, storage=storage):
                    report.rekeyed += 1
            except Exception as exc:  # report and carry on: one bad object must not stop rotation
                logger.error(
                    "vault rotation failed %s=%s reason=%s", model._meta.label, document.pk, exc
                )
                report.failed.append((str(document.pk), f"{type(exc).__name__}: {exc}"))
            if progress is not None:
                progress(document)
    return report


def documents_using(*, kek_id: str) -> int:
    """Rows of every encrypted model (trash included) whose data key `kek_id` wraps."""
    models = encrypted_models()
    return sum(model._default_manager.filter(kek_id=kek_id).count() for model in models)


@dataclass
class KekUsage:
    """Who still needs a KEK, read from the objects' headers (the truth) as well as the rows."""

    rows: int = 0  # rows whose kek_id column names the KEK
    headers: list[str] = field(default_factory=list)  # objects whose header names it
    disagreements: list[str] = field(default_factory=list)  # row and header differ
    unreadable: list[str] = field(default_factory=list)  # a row's object has no usable header

    @property
    def retirable(self) -> bool:
        return not (self.rows or self.headers or self.disagreements or self.unreadable)


def kek_usage(*, kek_id: str, storage: VaultStorage | None = None) -> KekUsage:
    """Read the header of every stored object, referenced by a row of any encrypted model or
    not, and compare it with the rows: a KEK may go only when no header and no row names it
    and every row agrees with its object's header."""
    store = storage or vault_storage()
    usage = KekUsage(rows=documents_using(kek_id=kek_id))
    referenced: set[str] = set()
    for model in encrypted_models():
        rows = model._default_manager.values_list("pk", "storage_name", "kek_id").order_by("pk")
        for pk, storage_name, row_kek in rows.iterator():
            referenced.add(storage_name)
            label = f"{model._meta.label} {pk}"
            try:
                header_kek = crypto.parse_header(
                    store.read_prefix(storage_name, MAX_HEADER_SIZE)
                ).kek_id
            except Exception as exc:  # missing object, storage error, corrupt header
                usage.unreadable.append(f"{label}: {type(exc).__name__}")
                continue
            if header_kek == kek_id:
                usage.headers.append(label)
            if header_kek != row_kek:
                usage.disagreements.append(f"{label}: row {row_kek!r}, header {header_kek!r}")
    for name, _ in store.iter_objects():
        if name in referenced:
            continue
        try:
            header_kek = crypto.parse_header(store.read_prefix(name, MAX_HEADER_SIZE)).kek_id
        except Exception as exc:  # not of the vault's format (or half written): names no key
            logger.info("kek usage: object %s has no readable header (%s)", name, exc)
            continue
        if header_kek == kek_id:
            usage.headers.append(f"object {name} (no row)")
    return usage


@dataclass
class VerifyReport:
    checked: int = 0
    failed: list[tuple[EncryptedObject, str]] = field(default_factory=list)


def vault_verify(*, owner_id: int | None = None) -> VerifyReport:
    """Decrypt every object of every encrypted model (trash included) and check its length and
    SHA-256; never stops early. `owner_id` keeps the objects bound to that user."""
    report = VerifyReport()
    storage = vault_storage()
    for model in encrypted_models():
        owner_field = model.bound_owner_id_field()
        queryset = model._default_manager.order_by(owner_field, "pk")
        if "__" in model.bound_owner:
            queryset = queryset.select_related(model.bound_owner.rsplit("__", 1)[0])
        if owner_id is not None:
            queryset = queryset.filter(**{owner_field: owner_id})
        for row in queryset.iterator(chunk_size=500):
            report.checked += 1
            try:
                for _chunk in row.open_plaintext(storage=storage):
                    pass
            except IntegrityFailure as exc:
                report.failed.append((row, str(exc)))
    return report
