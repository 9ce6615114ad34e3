"""Reading the guides shipped with the project (guides/content/) into plain data.

Layout: `<guide-slug>/guide.json` and `<guide-slug>/<NN>-<sheet-slug>.md`, each sheet a YAML
front matter between two "---" lines then its Markdown body. Both `load_guides` and the
assistant's evaluation read the files through here.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent / "content"

_SHEET_FILE_RE = re.compile(r"^(?P<position>\d+)-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")


class ContentError(ValueError):
    """A shipped file does not follow the expected layout."""


@dataclass(frozen=True)
class SheetFile:
    guide: str
    slug: str
    position: int
    title: str
    summary: str
    key_points: tuple[str, ...]
    legal_references: tuple[str, ...]
    related: tuple[str, ...]
    body_markdown: str
    source_hash: str


@dataclass(frozen=True)
class GuideFile:
    slug: str
    title: str
    summary: str
    audiences: tuple[str, ...]
    position: int
    sheets: list[SheetFile] = field(default_factory=list)
    listed: bool = True


def _string_list(value: object, *, path: Path, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ContentError(f"{path}: « {key} » must be a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def read_sheet(path: Path, *, guide: str) -> SheetFile:
    match = _SHEET_FILE_RE.match(path.name)
    if match is None:
        raise ContentError(f"{path}: expected a name like 01-sheet-slug.md")
    raw = path.read_text(encoding="utf-8")
    parts = re.split(r"^---[ \t]*$", raw, maxsplit=2, flags=re.MULTILINE)
    if len(parts) != 3 or parts[0].strip():
        raise ContentError(f"{path}: the file must start with a front matter between '---' lines")
    meta = yaml.safe_load(parts[1]) or {}
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise ContentError(f"{path}: the front matter needs a « title »")
    return SheetFile(
        guide=guide,
        slug=match["slug"],
        position=int(match["position"]),
        title=meta["title"].strip(),
        summary=str(meta.get("summary") or "").strip(),
        key_points=_string_list(meta.get("key_points"), path=path, key="key_points"),
        legal_references=_string_list(
            meta.get("legal_references"), path=path, key="legal_references"
        ),
        related=_string_list(meta.get("related"), path=path, key="related"),
        body_markdown=parts[2].strip() + "\n",
        source_hash=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    )


def read_guide(directory: Path) -> GuideFile:
    meta_path = directory / "guide.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise ContentError(f"{meta_path}: needs a « title »")
    sheets = sorted(
        (read_sheet(path, guide=directory.name) for path in directory.glob("*.md")),
        key=lambda sheet: (sheet.position, sheet.slug),
    )
    return GuideFile(
        slug=directory.name,
        title=meta["title"].strip(),
        summary=str(meta.get("summary") or "").strip(),
        audiences=_string_list(meta.get("audiences"), path=meta_path, key="audiences"),
        position=int(meta.get("position") or 0),
        sheets=sheets,
        listed=bool(meta.get("listed", True)),
    )


def read_content(directory: Path = DEFAULT_CONTENT_DIR) -> list[GuideFile]:
    """Every guide under `directory`, in their display order."""
    if not directory.is_dir():
        return []
    guides = [
        read_guide(child)
        for child in directory.iterdir()
        if child.is_dir() and (child / "guide.json").is_file()
    ]
    return sorted(guides, key=lambda guide: (guide.position, guide.slug))
