"""The export's ZIP written straight into the vault's storage, encrypted as it is written.

The archive is sealed in the vault's object format (docs/vault-format.md: AES-256-GCM
segments, a data key wrapped by the active KEK, the export's id and its owner's id in the
associated data) by the vault's own `crypto.Encryptor` and `ObjectWriter`: no plaintext copy
of the ZIP ever reaches a disk, and the object appears under its name only once complete.
Reading it back goes through `vault.streams.plaintext_chunks`, which checks size and SHA-256.
"""

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from privacy.models import EXPORT_STORAGE_PREFIX
from vault import crypto, keys
from vault.storage import ObjectWriter, storage_name_for, vault_storage
from vault.streams import plaintext_chunks


@dataclass(frozen=True)
class SealedObject:
    storage_name: str
    size: int
    sha256: str
    kek_id: str


def export_storage_name(export_id: uuid.UUID) -> str:
    return EXPORT_STORAGE_PREFIX + storage_name_for(export_id)


class SealedWriter:
    """A write-only, non-seekable file for `zipfile`: plaintext in, ciphertext to storage."""

    def __init__(self, *, export_id: uuid.UUID, owner_id: int) -> None:
        kek_id, kek = keys.active_key()
        self._encryptor = crypto.Encryptor(
            kek_id=kek_id, kek=kek, document_id=export_id, owner_id=owner_id
        )
        self.storage_name = export_storage_name(export_id)
        self._writer: ObjectWriter | None = vault_storage().open_writer(self.storage_name)
        self._sha = hashlib.sha256()
        self._size = 0

    def write(self, data: bytes) -> int:
        assert self._writer is not None, "writer closed"
        chunk = bytes(data)
        self._sha.update(chunk)
        self._size += len(chunk)
        for piece in self._encryptor.pieces(chunk):
            self._writer.write(piece)
        return len(chunk)

    def tell(self) -> int:
        return self._size

    def flush(self) -> None:
        return None

    def commit(self) -> SealedObject:
        assert self._writer is not None, "writer closed"
        self._writer.write(self._encryptor.finish())
        self._writer.commit()
        self._writer = None
        return SealedObject(
            storage_name=self.storage_name,
            size=self._size,
            sha256=self._sha.hexdigest(),
            kek_id=self._encryptor.header.kek_id,
        )

    def abort(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.abort()


def sealed_chunks(
    *, storage_name: str, export_id: uuid.UUID, owner_id: int, sha256: str, size: int
) -> Iterator[bytes]:
    return plaintext_chunks(
        storage_name=storage_name,
        document_id=export_id,
        owner_id=owner_id,
        sha256=sha256,
        size=size,
    )


def sealed_delete(storage_name: str) -> None:
    if storage_name:
        vault_storage().delete(storage_name)
