"""Export of a whole vault as one streamed ZIP of decrypted files plus `manifest.json`.

The ZIP is written to a pipe-like buffer drained after every chunk, so memory stays at one
read chunk whatever the vault's size. Entries are stored (not deflated): PDFs and images are
already compressed, and this keeps the export as fast as a download.
"""

import functools
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, cast

from django.utils import timezone

from accounts.models import User
from vault.models import Document
from vault.selectors import documents_for_export
from vault.validation import sanitize_name


class _Pipe:
    """A write-only, non-seekable file whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def _archive_path(document: Document, used: set[str]) -> str:
    folder = sanitize_name(document.folder.name) if document.folder else ""
    base = f"{folder}/{document.display_name}" if folder else document.display_name
    path, n = base, 1
    while path.lower() in used:
        n += 1
        stem, dot, ext = base.rpartition(".")
        path = f"{stem} ({n}).{ext}" if dot else f"{base} ({n})"
    used.add(path.lower())
    return path


def export_zip_chunks(
    *, owner: User, on_failure: Callable[[Document, str], None] | None = None
) -> Iterator[bytes]:
    """The ZIP, piece by piece; a document failing its check stops the export (and is reported)."""
    pipe = _Pipe()
    manifest = []
    used: set[str] = set()
    with zipfile.ZipFile(cast(IO[bytes], pipe), "w", compression=zipfile.ZIP_STORED) as archive:
        for document in documents_for_export(owner=owner).iterator():
            path = _archive_path(document, used)
            info = zipfile.ZipInfo(
                path, date_time=timezone.localtime(document.created_at).timetuple()[:6]
            )
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, "w", force_zip64=True) as entry:
                for chunk in document.open_plaintext(
                    on_failure=(
                        functools.partial(on_failure, document) if on_failure is not None else None
                    ),
                ):
                    entry.write(chunk)
                    if data := pipe.take():
                        yield data
            manifest.append(
                {
                    "path": path,
                    "name": document.display_name,
                    "folder": document.folder.name if document.folder else None,
                    "size": document.size,
                    "sha256": document.sha256,
                    "content_type": document.content_type,
                    "created_at": document.created_at.isoformat(),
                    "updated_at": document.updated_at.isoformat(),
                    "expires_on": document.expires_on.isoformat() if document.expires_on else None,
                }
            )
            if data := pipe.take():
                yield data
        body = json.dumps(
            {
                "format": "ordre-vault-export/1",
                "exported_at": timezone.now().isoformat(),
                "owner": owner.email,
                "documents": manifest,
            },
            ensure_ascii=False,
            indent=2,
        )
        archive.writestr("manifest.json", body.encode("utf-8"))
    yield pipe.take()
