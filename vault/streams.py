"""Plaintext in, ciphertext to storage (and back), one segment at a time.

`EncryptingSink` is what the upload handler and the services write into: it hashes, checks
size and type, encrypts and streams to the storage writer, so no plaintext is ever buffered
beyond one segment or written to disk. `plaintext_chunks` is the reverse for downloads.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from portal.french_format import french_size
from vault import crypto, keys
from vault.storage import ObjectWriter, VaultStorage, storage_name_for, vault_storage
from vault.validation import SNIFF_BYTES, allowed_labels, detect_kind, sanitize_name

logger = logging.getLogger("vault")


class UploadRejected(Exception):
    """A file refused at the door; `message` is shown to the doctor (French)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IntegrityFailure(Exception):
    """Stored content failed decryption or its SHA-256 check: the stream stops."""


@dataclass(frozen=True)
class StagedObject:
    """An encrypted object durable in storage that no document row points to yet."""

    document_id: uuid.UUID
    storage_name: str
    display_name: str
    size: int
    sha256: str
    content_type: str
    kek_id: str
    wrapped_key: bytes
    format_version: int = crypto.FORMAT_VERSION

    def row_fields(self) -> dict[str, Any]:
        """The columns every model pointing at an encrypted object stores about it."""
        return {
            "id": self.document_id,
            "display_name": self.display_name,
            "size": self.size,
            "sha256": self.sha256,
            "content_type": self.content_type,
            "storage_name": self.storage_name,
            "kek_id": self.kek_id,
            "wrapped_key": self.wrapped_key,
            "format_version": self.format_version,
        }


class EncryptingSink:
    def __init__(
        self,
        *,
        owner_id: int,
        file_name: str,
        max_bytes: int,
        quota_left: int,
        storage: VaultStorage | None = None,
        allowed_types: Collection[str] | None = None,
        name_prefix: str = "",
    ) -> None:
        # Another model's uploads (vault.uploads.UploadPolicy) narrow the types and keep their
        # objects under that model's prefix (vault.encrypted.EncryptedObject.storage_prefix).
        self.allowed_types = (
            list(allowed_types) if allowed_types is not None else settings.VAULT_ALLOWED_TYPES
        )
        self.document_id = uuid.uuid4()
        self.display_name = sanitize_name(file_name)
        self.max_bytes = max_bytes
        self.quota_left = quota_left
        # The one call to the key provider for this object (a key service round trip for kms).
        try:
            data_key = keys.new_data_key(document_id=self.document_id, owner_id=owner_id)
        except crypto.VaultCryptoError as exc:  # the key service refused or did not answer
            logger.error("vault key service refused a data key reason=%s", exc)
            raise UploadRejected(
                f"« {self.display_name} » n’a pas pu être déposé : le service qui protège les "
                "clés du coffre ne répond pas. Réessayez dans quelques minutes."
            ) from exc
        self._encryptor = crypto.Encryptor(
            data_key=data_key, document_id=self.document_id, owner_id=owner_id
        )
        self.storage = storage or vault_storage()
        self.storage_name = name_prefix + storage_name_for(self.document_id)
        self._writer: ObjectWriter | None = self.storage.open_writer(self.storage_name)
        self._sha = hashlib.sha256()
        self._head = bytearray()
        self._kind_checked = False
        self.content_type = ""
        self.size = 0

    def _check_kind(self, complete: bool) -> None:
        kind = detect_kind(bytes(self._head), name=self.display_name, complete=complete)
        if kind is None or kind.key not in self.allowed_types:
            formats = allowed_labels(list(self.allowed_types))
            raise UploadRejected(
                f"« {self.display_name} » n’est pas d’un type accepté : son contenu ne "
                f"correspond à aucun des formats admis ({formats})."
            )
        self.content_type = kind.content_type
        self._kind_checked = True

    def write(self, data: bytes) -> None:
        assert self._writer is not None, "sink closed"
        self.size += len(data)
        if self.size > self.max_bytes:
            raise UploadRejected(
                f"« {self.display_name} » dépasse la taille maximale autorisée par fichier "
                f"({french_size(self.max_bytes)})."
            )
        if self.size > self.quota_left:
            raise UploadRejected(
                f"« {self.display_name} » ne peut pas être déposé : l’espace de votre coffre "
                "serait dépassé. Libérez de la place (en vidant la corbeille, par exemple)."
            )
        if not self._kind_checked:
            self._head += data[: SNIFF_BYTES - len(self._head)]
            if len(self._head) >= SNIFF_BYTES:
                self._check_kind(complete=False)
        self._sha.update(data)
        for piece in self._encryptor.pieces(data):
            self._writer.write(piece)

    def finish(self) -> StagedObject:
        assert self._writer is not None, "sink closed"
        if self.size == 0:
            raise UploadRejected(f"« {self.display_name} » est vide : il n’a pas été déposé.")
        if not self._kind_checked:
            self._check_kind(complete=True)
        self._writer.write(self._encryptor.finish())
        self._writer.commit()
        self._writer = None
        header = self._encryptor.header
        return StagedObject(
            document_id=self.document_id,
            storage_name=self.storage_name,
            display_name=self.display_name,
            size=self.size,
            sha256=self._sha.hexdigest(),
            content_type=self.content_type,
            kek_id=header.kek_id,
            wrapped_key=header.wrapped_key,
            format_version=header.version,
        )

    def abort(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.abort()


def stage_chunks(
    chunks: Iterable[bytes],
    *,
    owner_id: int,
    file_name: str,
    max_bytes: int,
    quota_left: int,
    storage: VaultStorage | None = None,
    allowed_types: Collection[str] | None = None,
    name_prefix: str = "",
) -> StagedObject:
    """Encrypt an iterable of plaintext chunks into storage (services, commands, bench)."""
    sink = EncryptingSink(
        owner_id=owner_id,
        file_name=file_name,
        max_bytes=max_bytes,
        quota_left=quota_left,
        storage=storage,
        allowed_types=allowed_types,
        name_prefix=name_prefix,
    )
    try:
        for chunk in chunks:
            sink.write(chunk)
        return sink.finish()
    except BaseException:
        sink.abort()
        raise


def plaintext_chunks(
    *,
    storage_name: str,
    document_id: uuid.UUID,
    owner_id: int,
    sha256: str,
    size: int | None = None,
    on_failure: Callable[[str], None] | None = None,
    storage: VaultStorage | None = None,
) -> Iterator[bytes]:
    """Decrypted content; the final piece is released only once the SHA-256 matches.

    Every piece yielded comes from an authenticated segment. On any failure the generator
    raises IntegrityFailure (after `on_failure`), so a streamed HTTP response is cut short and
    the client, expecting Content-Length bytes, sees an incomplete download, never a wrong one.

    `size`, when given, is the length the caller announced (the row's, sent as Content-Length):
    the content must have exactly that length. A piece that would go past it is never yielded,
    and a shorter content fails before its last piece, like a SHA-256 mismatch. The first piece
    is held until the second is open, so a document of one segment, or a length the first
    segment already exceeds, fails before any byte (and before the server sends the headers).
    """
    store = storage or vault_storage()
    digest = hashlib.sha256()
    pending = b""
    try:
        # The data key is unwrapped once, when the header is read: one call per object opened.
        decryptor = crypto.Decryptor(
            unwrap=keys.unwrapper(document_id=document_id, owner_id=owner_id),
            document_id=document_id,
            owner_id=owner_id,
        )
        length = 0
        for chunk in store.read_chunks(storage_name):
            for plaintext in decryptor.pieces(chunk):
                length += len(plaintext)
                if size is not None and length > size:
                    raise crypto.VaultCryptoError("content longer than the recorded size")
                if pending:
                    yield pending
                digest.update(plaintext)
                pending = plaintext
        last = decryptor.finish()
        length += len(last)
        digest.update(last)
        if size is not None and length != size:
            raise crypto.VaultCryptoError("content length differs from the recorded size")
        if not crypto.constant_time_equal(digest.hexdigest(), sha256):
            raise crypto.VaultCryptoError("SHA-256 of the decrypted content does not match")
    except Exception as exc:  # storage errors (OSError, botocore) stop the stream too
        reason = str(exc) if isinstance(exc, crypto.VaultCryptoError) else type(exc).__name__
        logger.error("vault integrity failure document=%s reason=%s", document_id, reason)
        if on_failure is not None:
            on_failure(reason)
        raise IntegrityFailure(reason) from exc
    if pending:
        yield pending
    if last:
        yield last
