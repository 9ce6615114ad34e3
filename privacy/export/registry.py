"""The sections of the data export, one per part of the portal, listed in one setting.

A section is a key (the JSON's), a French title (index.html's) and a function that returns
that part of everything the portal holds about one person, as JSON values, adding files (PDFs,
documents) to the archive through `ExportFiles`. `PRIVACY_EXPORT_SECTIONS` lists their dotted
paths: an app that keeps personal data adds its own section there (docs/data-export.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import User


class ExportFiles(Protocol):
    """What a section may add to the archive besides its JSON."""

    include_documents: bool  # the person asked for their vault's documents too

    def add(self, path: str, chunks: Iterable[bytes], *, content_type: str) -> str:
        """Write one file under `path` (made unique); the path it got, for the JSON."""
        ...


@dataclass(frozen=True)
class Section:
    key: str  # stable, a property of the JSON's "sections" (the schema names it)
    title: str  # French, the heading in index.html
    collect: Callable[[User, ExportFiles], Any]
    description: str = ""  # French, one sentence under the heading


def export_sections() -> list[Section]:
    """The sections of PRIVACY_EXPORT_SECTIONS, in order; a wrong entry raises at once."""
    found: list[Section] = []
    for path in settings.PRIVACY_EXPORT_SECTIONS:
        section = import_string(path)
        if not isinstance(section, Section):
            raise TypeError(f"{path} is not a privacy.export.registry.Section")
        found.append(section)
    keys = [s.key for s in found]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Export section keys declared twice: {keys}")
    return found
