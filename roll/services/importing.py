"""Importing the roll from the council's CSV export.

Doctors are matched by RPPS: new numbers are created, known ones updated, the others left as
they are. A line that cannot be imported is reported with its number and reasons and does not
stop the others. A file that cannot be read as a roll at all changes nothing: RollFileError.
"""

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from portal.personal_cache import personal_pages_invalidate_all
from roll.models import Doctor
from roll.rpps import normalize_rpps
from roll.services.bulk import doctors_bulk_insert, doctors_bulk_update
from roll.services.csv_rows import (
    COLUMNS,
    COLUMNS_BY_HEADER,
    REQUIRED_HEADERS,
    RowErrors,
    header_key,
    parse_row,
)

logger = logging.getLogger(__name__)

DELIMITERS = (";", ",")
# Existing doctors are loaded by slices of the file's RPPS: under SQLite's cap on query
# parameters, and without holding the whole roll in memory.
LOOKUP_CHUNK = 900
_XLSX_MAGIC = b"PK\x03\x04"


class BytesSource(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


class RollFileError(Exception):
    """The file cannot be read as a roll; nothing was imported. The message is for staff."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    rpps: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return " ; ".join(self.reasons)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _Header:
    delimiter: str
    positions: dict[str, int]  # column header → index in each line
    width: int
    ignored: tuple[str, ...]


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise RollFileError("Le fichier est vide.")
    if raw.startswith(_XLSX_MAGIC):
        raise RollFileError(
            "Ce fichier est un classeur (Excel ou LibreOffice), pas un fichier CSV : "
            "enregistrez-le au format « CSV UTF-8 » puis importez-le de nouveau."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RollFileError(
            f"Le fichier n’est pas un texte encodé en UTF-8 (caractère illisible ligne {line}) : "
            "enregistrez-le au format « CSV UTF-8 » puis importez-le de nouveau."
        ) from exc
    if "\x00" in text:
        raise RollFileError(
            "Le fichier contient des données binaires : ce n’est pas un fichier CSV."
        )
    return text


def _first_record(text: str, delimiter: str) -> list[str]:
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if any(cell.strip() for cell in record):
            return record
    raise RollFileError("Le fichier est vide.")


def _header(text: str) -> _Header:
    """Find the delimiter by which the first line names the most expected columns."""
    known = set(COLUMNS_BY_HEADER)
    candidates = []
    for delimiter in DELIMITERS:
        raw_cells = _first_record(text, delimiter)
        keys = [header_key(cell) for cell in raw_cells]
        candidates.append((len(set(keys) & known), delimiter, raw_cells, keys))
    _, delimiter, raw_cells, keys = max(candidates, key=lambda candidate: candidate[0])
    missing = [header for header in REQUIRED_HEADERS if header not in keys]
    if missing:
        expected = ", ".join(column.header for column in COLUMNS)
        raise RollFileError(
            "La première ligne du fichier doit nommer les colonnes. Colonnes obligatoires "
            f"absentes : {', '.join(missing)}. Colonnes attendues, séparées par « ; » ou "
            f"« , » : {expected}."
        )
    positions: dict[str, int] = {}
    ignored = []
    for index, key in enumerate(keys):
        if key in COLUMNS_BY_HEADER:
            if key in positions:
                raise RollFileError(
                    f"La colonne « {key} » figure deux fois dans la première ligne."
                )
            positions[key] = index
        elif key:
            ignored.append(raw_cells[index].strip())
    # A trailing separator on the first line names no column and should not widen the lines.
    width = max(index for index, key in enumerate(keys) if key) + 1
    return _Header(delimiter, positions, width, tuple(ignored))


def _lines(text: str, header: _Header) -> Iterator[tuple[int, list[str]]]:
    """Each data line with the number of the file line it starts on; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter)
    seen_header = False
    end_of_previous = 0
    try:
        for record in reader:
            start, end_of_previous = end_of_previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if not seen_header:
                seen_header = True
                continue
            yield start, record
    except csv.Error as exc:
        raise RollFileError(
            f"Le fichier n’a pas pu être lu à partir de la ligne {end_of_previous + 1} : "
            "vérifiez les guillemets et les séparateurs."
        ) from exc


def _structure_problems(record: list[str], header: _Header, line: int) -> list[str]:
    problems = []
    extra = record[header.width :]
    if len(record) < header.width or any(cell.strip() for cell in extra):
        problems.append(
            f"la ligne compte {len(record)} valeurs alors que la première ligne nomme "
            f"{header.width} colonnes : vérifiez les séparateurs"
        )
    if any("\n" in cell or "\r" in cell for cell in record):
        problems.append(
            f"une valeur s’étend sur plusieurs lignes à partir de la ligne {line} : "
            "un guillemet n’est sans doute pas fermé"
        )
    return problems


def _parse(text: str, *, today: date) -> tuple[_Header, list[dict[str, object]], list[RejectedRow]]:
    header = _header(text)
    valid: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    first_line_of: dict[str, int] = {}
    lines = 0
    for line, record in _lines(text, header):
        lines += 1
        reasons = _structure_problems(record, header, line)
        cells = {
            key: record[index] if index < len(record) else ""
            for key, index in header.positions.items()
        }
        values: dict[str, object] | None = None
        if not reasons:
            try:
                values = parse_row(cells, today=today)
            except RowErrors as exc:
                reasons.extend(exc.reasons)
        rpps = normalize_rpps(cells["rpps"].strip())
        if rpps:
            first = first_line_of.setdefault(rpps, line)
            if first != line:
                reasons.append(f"numéro RPPS en double : il figure déjà ligne {first} du fichier")
        if reasons or values is None:
            rejected.append(
                RejectedRow(line=line, rpps=cells["rpps"].strip(), reasons=tuple(reasons))
            )
        else:
            valid.append(values)
    if not lines:
        raise RollFileError("Le fichier ne contient aucune ligne de médecin après la première.")
    return header, valid, rejected


def _existing(rpps_numbers: list[str], fields: list[str]) -> dict[str, tuple[object, ...]]:
    """Current (id, *fields) of the doctors the file names, by RPPS."""
    found: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(rpps_numbers), LOOKUP_CHUNK):
        chunk = rpps_numbers[start : start + LOOKUP_CHUNK]
        for rpps, *rest in Doctor.objects.filter(rpps__in=chunk).values_list("rpps", "id", *fields):
            found[rpps] = tuple(rest)
    return found


def roll_import_csv(*, stream: BytesSource, dry_run: bool = False) -> ImportReport:
    """Create or update the doctors of a roll CSV file, by RPPS, in one transaction.

    With `dry_run`, the file is checked and the report computed but nothing is written.
    Raises RollFileError, before any write, when the file cannot be read as a roll.

    Rows are not passed through Doctor.full_clean(): parse_row applies the same validators
    field by field and reports them in the staff's words, RPPS uniqueness holds by construction
    (upsert) and the database enforces the constraints, while a per-row full_clean would double
    the time a full roll takes (tests check parse_row's output always passes clean_fields).
    """
    text = _decode(stream.read())
    header, valid, rejected = _parse(text, today=timezone.localdate())
    report = ImportReport(rejected=rejected, ignored_columns=header.ignored, dry_run=dry_run)
    # On update, a column absent from the file leaves that field as it is.
    fields = [
        column.field
        for column in COLUMNS
        if column.header in header.positions and column.field != "rpps"
    ]
    all_fields = [column.field for column in COLUMNS]
    with transaction.atomic():
        existing = _existing([str(values["rpps"]) for values in valid], fields)
        to_create: list[tuple[object, ...]] = []
        to_update: list[tuple[object, ...]] = []
        for values in valid:
            current = existing.get(str(values["rpps"]))
            if current is None:
                to_create.append(tuple(values.get(name, "") for name in all_fields))
            elif all(current[1 + i] == values[name] for i, name in enumerate(fields)):
                report.unchanged += 1
            else:
                to_update.append((current[0], *(values[name] for name in fields)))
        report.created, report.updated = len(to_create), len(to_update)
        if not dry_run:
            doctors_bulk_insert(fields=all_fields, rows=to_create)
            doctors_bulk_update(fields=fields, rows=to_update)
            # Written in bulk, without signals: names and addresses on every doctor's pages.
            personal_pages_invalidate_all()
    logger.info(
        "roll import%s: %d created, %d updated, %d unchanged, %d rejected",
        " (dry run)" if dry_run else "",
        report.created,
        report.updated,
        report.unchanged,
        len(report.rejected),
    )
    return report
