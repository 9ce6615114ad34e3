"""The vault's journal as the doctor reads it: filtered, per document, repeated views grouped.

`AccessLogEntry` rows are written by the services (`vault.services.access_log_record`); this
module only reads them. `journal_entries` is the one selector behind the global journal, the
document page and anyone else who shows vault accesses (sharing shows the same rows to the
owner); `journal_rows` folds runs of the same look at the same thing (a list shown seven times
in ten minutes) into one row, so the journal stays readable.
"""

import datetime
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from portal.french_format import NBSP, french_time
from vault.models import AccessAction, AccessLogEntry, Document

# Actions that repeat without telling anything new each time: consecutive ones are grouped.
GROUPED_ACTIONS = frozenset({AccessAction.VIEW, AccessAction.OPEN})
PAGE_SIZE = 50

# (pattern in the user agent, name), first match wins: Edge and Opera also say "Chrome".
_BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
    (r"curl/", "curl"),
    (r"python-requests|python-httpx|aiohttp", "un programme Python"),
)
_SYSTEMS = (
    (r"iPhone", "iPhone"),
    (r"iPad", "iPad"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux|X11", "Linux"),
)


def device_summary(user_agent: str) -> str:
    """« Firefox sur Windows », « Safari sur iPhone », « Chrome », or "" when unknown: enough
    to recognise one's own devices, without keeping the header itself."""
    browser = next((name for rx, name in _BROWSERS if re.search(rx, user_agent)), "")
    system = next((name for rx, name in _SYSTEMS if re.search(rx, user_agent)), "")
    if browser and system:
        return f"{browser} sur {system}"
    return browser or system


@dataclass(frozen=True)
class JournalFilters:
    document: Document | None = None
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def journal_entries(
    *,
    owner: User,
    filters: JournalFilters | None = None,
    before: AccessLogEntry | None = None,
) -> QuerySet[AccessLogEntry]:
    """The owner's journal, newest first. A document stands for all its versions; `before` is
    the last row of the previous page (pages are cut by position, not counted)."""
    filters = filters or JournalFilters()
    qs = AccessLogEntry.objects.filter(owner=owner)
    if filters.document is not None:
        qs = qs.filter(document_id__in=document_lineage_ids(filters.document))
    if filters.action in AccessAction.values:
        qs = qs.filter(action=filters.action)
    if filters.since:
        qs = qs.filter(at__gte=_day_start(filters.since))
    if filters.until:
        qs = qs.filter(at__lt=_day_start(filters.until + datetime.timedelta(days=1)))
    if before is not None:
        qs = qs.filter(Q(at__lt=before.at) | Q(at=before.at, pk__lt=before.pk))
    return qs.select_related("actor__doctor").order_by("-at", "-pk")


def document_lineage_ids(document: Document) -> list[uuid.UUID]:
    """The document and every earlier version of it (they point at the current one)."""
    head_id = document.version_of_id or document.pk
    return [head_id, *Document.objects.filter(version_of_id=head_id).values_list("pk", flat=True)]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class JournalRow:
    """One line of the journal: one entry, or a run of the same look grouped."""

    first: AccessLogEntry  # the newest of the run
    last: AccessLogEntry  # the oldest
    count: int = 1

    @property
    def entry(self) -> AccessLogEntry:
        return self.first

    @property
    def summary(self) -> str:
        """« Consultation de la liste, 7 fois entre 14 h 02 et 14 h 12 »."""
        label = self.first.get_action_display()
        if self.count == 1:
            return label
        start, end = french_time(self.last.at), french_time(self.first.at)
        return f"{label}, {self.count}{NBSP}fois entre {start} et {end}"


def _same_run(row: JournalRow, entry: AccessLogEntry) -> bool:
    head = row.last
    return (
        entry.action in GROUPED_ACTIONS
        and entry.action == head.action
        and entry.document_id == head.document_id
        and entry.actor_id == head.actor_id
        and entry.via == head.via
        and entry.ip_address == head.ip_address
        and entry.device == head.device
        # One run per day: the row shows hours only.
        and timezone.localdate(entry.at) == timezone.localdate(head.at)
    )


def journal_rows(entries: Iterable[AccessLogEntry]) -> Iterator[JournalRow]:
    """Group consecutive entries (newest first) of the same look by the same person, from the
    same place and device, on the same day; every other entry is a row of its own."""
    row: JournalRow | None = None
    for entry in entries:
        if row is not None and _same_run(row, entry):
            row.last = entry
            row.count += 1
            continue
        if row is not None:
            yield row
        row = JournalRow(first=entry, last=entry)
    if row is not None:
        yield row


@dataclass(frozen=True)
class JournalPage:
    rows: list[JournalRow]
    next_before: AccessLogEntry | None  # where the next (older) page starts, if any


def journal_page(
    *,
    owner: User,
    filters: JournalFilters | None = None,
    before: AccessLogEntry | None = None,
    size: int = PAGE_SIZE,
) -> JournalPage:
    """`size` grouped rows; a run is never cut in two by the page's end."""
    rows: list[JournalRow] = []
    for row in journal_rows(
        journal_entries(owner=owner, filters=filters, before=before).iterator()
    ):
        if len(rows) == size:
            return JournalPage(rows=rows, next_before=rows[-1].last)
        rows.append(row)
    return JournalPage(rows=rows, next_before=None)


def journal_entry_get(*, owner: User, entry_id: object) -> AccessLogEntry | None:
    """A page cursor from the query string: the owner's entry, or None (start from the top)."""
    if not str(entry_id).isdigit():
        return None
    return AccessLogEntry.objects.filter(owner=owner, pk=int(str(entry_id))).first()
