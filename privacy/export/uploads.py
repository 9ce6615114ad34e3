"""A document the person uploaded (any `EncryptedObject`): its metadata, and its decrypted
content added to the archive, streamed one segment at a time."""

from typing import Any

from privacy.export.registry import ExportFiles
from privacy.export.values import row
from vault.encrypted import EncryptedObject

METADATA = ["display_name", "size", "sha256", "content_type"]


def uploaded_document(
    document: EncryptedObject, files: ExportFiles, *, folder: str, with_content: bool = True
) -> dict[str, Any]:
    out = row(document, METADATA)
    out["file"] = (
        files.add(
            f"{folder}/{document.display_name}",
            document.open_plaintext(),
            content_type=document.content_type,
        )
        if with_content
        else None
    )
    return out
