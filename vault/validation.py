"""What may enter the vault: display names made safe, and file types recognised by content."""

import unicodedata
from dataclasses import dataclass

NAME_MAX_LENGTH = 200
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    kind.key: kind
    for kind in [
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        FileKind("png", "PNG", "image/png", (".png",)),
        FileKind("heic", "HEIC", "image/heic", (".heic", ".heif")),
        FileKind(
            "docx",
            "Word (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileKind("txt", "texte (TXT)", "text/plain; charset=utf-8", (".txt",)),
    ]
}

HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def sanitize_name(raw: str, *, fallback: str = "document") -> str:
    """A display name safe to show and to offer as a download name.

    Keeps only the last path component (no traversal), drops control and format characters
    (including bidirectional overrides that disguise an extension), collapses blanks, and
    shortens long names while keeping their extension.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for c in name:
        category = unicodedata.category(c)
        if c in "\t\n\r\v\f" or category in {"Zs", "Zl", "Zp"}:
            kept.append(" ")
        elif category not in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            kept.append(c)
    name = "".join(kept)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return fallback
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: NAME_MAX_LENGTH - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:NAME_MAX_LENGTH]
    return name


def _extension(name: str) -> str:
    _, dot, ext = name.lower().rpartition(".")
    return f".{ext}" if dot else ""


def _looks_like_text(head: bytes, complete: bool) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sniffed bytes may stop in the middle of a multi-byte character.
        if complete or exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    return controls == 0


def detect_kind(head: bytes, *, name: str, complete: bool) -> FileKind | None:
    """The kind of a file from its first bytes (`complete` when `head` is the whole file)."""
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return KINDS["heic"]
    if head.startswith(b"PK\x03\x04"):
        if head[30:].startswith(ODT_MIMETYPE) and not head[30:].startswith(ODT_MIMETYPE + b"-"):
            return KINDS["odt"]
        if b"[Content_Types].xml" in head:
            if b"word/" in head:
                return KINDS["docx"]
            if b"xl/" in head:
                return KINDS["xlsx"]
        return None
    # Plain text has no signature: only a .txt name with clean UTF-8 content qualifies.
    if _extension(name) == ".txt" and _looks_like_text(head, complete):
        return KINDS["txt"]
    return None


def allowed_labels(keys: list[str]) -> str:
    return ", ".join(KINDS[k].label for k in keys if k in KINDS)
