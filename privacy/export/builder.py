"""Build one person's export: every section's JSON and files, `donnees.json`, `index.html`.

Files are written into the archive as sections add them (PDFs rendered one at a time,
documents decrypted and re-sealed one segment at a time), so memory stays bounded whatever
the vault holds; `donnees.json` and `index.html` come last, once every section is known.
"""

import json
import posixpath
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, Any, cast

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from privacy.export.index import sections_html
from privacy.export.registry import export_sections
from privacy.export.sealed import SealedObject, SealedWriter
from privacy.models import DataExport

FORMAT = "ordre-data-export"
# Bumped when a key changes meaning or goes away; additions keep the version (docs/data-export.md).
VERSION = 1
DATA_FILE = "donnees.json"
INDEX_FILE = "index.html"
# Already compressed: stored as they are, like the vault's own export.
STORED_TYPES = ("application/pdf", "image/", "application/zip", "application/vnd.openxml")

Progress = Callable[[int, str], None]


class ArchiveFiles:
    """The `ExportFiles` sections write into: unique paths, each file listed for the JSON."""

    def __init__(self, archive: zipfile.ZipFile, *, include_documents: bool) -> None:
        self._archive = archive
        self.include_documents = include_documents
        self.listed: list[dict[str, Any]] = []
        self._used: set[str] = {DATA_FILE, INDEX_FILE}
        self.section = ""

    def _unique(self, path: str) -> str:
        candidate, n = path, 1
        while candidate.lower() in self._used:
            n += 1
            stem, ext = posixpath.splitext(path)
            candidate = f"{stem} ({n}){ext}"
        self._used.add(candidate.lower())
        return candidate

    def add(self, path: str, chunks: Iterable[bytes], *, content_type: str) -> str:
        final = self._unique(path.strip("/"))
        info = zipfile.ZipInfo(final, date_time=timezone.localtime().timetuple()[:6])
        stored = content_type.startswith(STORED_TYPES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        size = 0
        with self._archive.open(info, "w", force_zip64=True) as entry:
            for chunk in chunks:
                entry.write(chunk)
                size += len(chunk)
        self.listed.append(
            {"path": final, "size": size, "content_type": content_type, "section": self.section}
        )
        return final


def export_build(*, export: DataExport, progress: Progress) -> SealedObject:
    """Write `export`'s ZIP, sealed, into the vault's storage; `progress(percent, step)`
    after each section. Whatever fails, no object is left under the export's name."""
    user: User = export.user
    sections = export_sections()
    writer = SealedWriter(export_id=export.pk, owner_id=user.pk)
    try:
        with zipfile.ZipFile(cast(IO[bytes], writer), "w") as archive:
            files = ArchiveFiles(archive, include_documents=export.include_documents)
            collected: dict[str, Any] = {}
            generated = timezone.now()
            for done, section in enumerate(sections):
                progress(round(100 * done / (len(sections) + 1)), section.title)
                files.section = section.key
                collected[section.key] = section.collect(user, files)
            progress(round(100 * len(sections) / (len(sections) + 1)), "Finalisation")
            data = {
                "format": FORMAT,
                "version": VERSION,
                "generated_at": generated.isoformat(),
                "account_id": user.pk,
                "email": user.email,
                "include_documents": export.include_documents,
                "sections": collected,
                "files": files.listed,
            }
            body = json.dumps(data, ensure_ascii=False, indent=2)
            archive.writestr(DATA_FILE, body.encode(), compress_type=zipfile.ZIP_DEFLATED)
            index = render_to_string(
                "privacy/export/index.html",
                {
                    "data": data,
                    "generated": generated,
                    "sections": sections_html(sections, collected),
                    "files": files.listed,
                    "data_file": DATA_FILE,
                },
            )
            archive.writestr(INDEX_FILE, index.encode(), compress_type=zipfile.ZIP_DEFLATED)
        return writer.commit()
    except BaseException:
        writer.abort()
        raise
