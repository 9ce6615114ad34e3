"""Where encrypted objects live: `STORAGES["vault"]`, local disk or any S3-compatible service.

Both providers write through an `ObjectWriter` whose object appears under its final name only
on `commit()`, once durable (local: temp name, fsync, os.replace, fsync of the folder; S3: a
multipart upload, which S3 publishes atomically on completion). An interrupted upload leaves at
most a temp file or an incomplete multipart upload, which `cleanup_stale()` removes.
"""

import datetime
import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.utils.module_loading import import_string

READ_CHUNK = 1024 * 1024
TEMP_SUFFIX = ".part"
NAME_ROOT = "v1/"  # every object's name starts with it, after its model's prefix


def storage_name_for(document_id: uuid.UUID) -> str:
    """Server-generated: nothing of the doctor's file name reaches the storage."""
    return f"{NAME_ROOT}{document_id.hex[:2]}/{document_id.hex}.ovf"


class ObjectWriter(Protocol):
    def write(self, data: bytes) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class VaultStorage(Protocol):
    def open_writer(self, name: str) -> ObjectWriter: ...
    def read_chunks(self, name: str, chunk_size: int = READ_CHUNK) -> Iterator[bytes]: ...
    def read_prefix(self, name: str, length: int) -> bytes: ...
    def delete(self, name: str) -> None: ...
    def exists(self, name: str) -> bool: ...
    def iter_objects(self) -> Iterator[tuple[str, datetime.datetime]]: ...
    def cleanup_stale(self, before: datetime.datetime) -> int: ...
    def check_writable(self) -> None: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalObjectWriter:
    def __init__(self, final: Path) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        self.final = final
        self.temp = final.with_name(f".{final.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb", buffering=0)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = self._file.write(view)
            view = view[written or 0 :]

    def commit(self) -> None:
        try:
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
        os.replace(self.temp, self.final)
        _fsync_dir(self.final.parent)

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.temp.unlink(missing_ok=True)


class LocalVaultStorage(FileSystemStorage):
    def __init__(self, location: str | os.PathLike[str] | None = None, **kwargs: Any) -> None:
        root = Path(location or settings.VAULT_ROOT)
        if not root.is_absolute():
            root = Path(settings.BASE_DIR) / root
        super().__init__(location=root, **kwargs)

    def _path(self, name: str) -> Path:
        return Path(self.path(name))

    def open_writer(self, name: str) -> LocalObjectWriter:
        return LocalObjectWriter(self._path(name))

    def read_chunks(self, name: str, chunk_size: int = READ_CHUNK) -> Iterator[bytes]:
        with self._path(name).open("rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk

    def read_prefix(self, name: str, length: int) -> bytes:
        with self._path(name).open("rb") as handle:
            return handle.read(length)

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def _walk(self) -> Iterator[Path]:
        root = Path(self.location)
        if root.exists():
            yield from (p for p in root.rglob("*") if p.is_file())

    def iter_objects(self) -> Iterator[tuple[str, datetime.datetime]]:
        root = Path(self.location)
        for path in self._walk():
            if not path.name.endswith(TEMP_SUFFIX):
                mtime = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
                yield path.relative_to(root).as_posix(), mtime

    def cleanup_stale(self, before: datetime.datetime) -> int:
        removed = 0
        for path in self._walk():
            if path.name.endswith(TEMP_SUFFIX) and path.stat().st_mtime < before.timestamp():
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def check_writable(self) -> None:
        writer = self.open_writer(f"healthcheck/{secrets.token_hex(8)}")
        writer.write(b"ok")
        writer.commit()
        self.delete(str(writer.final.relative_to(self.location)))


def vault_storage() -> VaultStorage:
    """The `vault` storage alias; built from VAULT_STORAGE when STORAGES lacks the alias."""
    try:
        storage = storages["vault"]
    except InvalidStorageError:
        backend: dict[str, Any] = settings.VAULT_STORAGE_BACKEND
        storage = import_string(backend["BACKEND"])(**backend.get("OPTIONS", {}))
    return storage  # type: ignore[return-value]
