"""Reads of the public directory, shared by its pages, its API and the doctor space.

Results come in two tiers, each in alphabetical order: first the doctors whose last name starts
with a word of the query (an exact last name before a mere prefix), then every other match.
Each tier is a query that an index answers in order, so a broad search ("médecine générale",
45% of the roll) reads a page of rows rather than sorting a hundred thousand.

At most MAX_RESULTS matches can be paged through: beyond that, people are asked to narrow
their search. That keeps every page fast and makes copying the roll through the directory slow.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from directory.db import Equals, Like, Not, WordStarts, bytewise, fold
from directory.entries import PUBLIC_FIELDS, PublicEntry, public_entry
from directory.models import DirectoryEntry
from directory.query import ParsedQuery, parse_query
from directory.vocabulary import current_vocabulary
from roll.models import Doctor

PAGE_SIZE = 20
MAX_RESULTS = 1000
MAX_PAGE = MAX_RESULTS // PAGE_SIZE
# Up to this many matches, they are all found, then ranked and sorted; beyond, they are dense
# enough that reading the name index in order reaches a page quickly.
FEW_MATCHES = 2000  # must stay above MAX_RESULTS
SPECIALTIES_CACHE_KEY = "directory:specialties"
SPECIALTIES_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class DirectoryPage:
    entries: list[PublicEntry]
    number: int
    # Matches that can be paged through, MAX_RESULTS at most; total_is_capped says there are more.
    total: int
    total_is_capped: bool
    # Why there is nothing to show, when the search named a profession that is not a doctor's.
    notice: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.entries else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.entries)


def _matches(*, parsed: ParsedQuery, specialty: str, department: str) -> QuerySet[DirectoryEntry]:
    entries = DirectoryEntry.objects.all()
    if parsed.words and connection.vendor == "postgresql":
        # The full-text index finds the candidates (and tells the planner how many there are);
        # the LIKE filters below stay as the definition, and are all SQLite has. A town's words
        # stay out of it: its département's index is narrower, and the two together made the
        # planner intersect both (63 ms against 23 ms for « Grenoble » on the full roll).
        entries = entries.filter(WordStarts(F("document"), parsed.words))
    # A town's words must appear in the document too, in the town's département.
    document_words = dict.fromkeys(
        [*parsed.words, *(word for town in parsed.towns for word in town.words)]
    )
    if parsed.rpps:
        entries = entries.filter(rpps=parsed.rpps)
    if parsed.rpps_prefix:
        entries = entries.filter(rpps__startswith=parsed.rpps_prefix)
    for word in document_words:
        entries = entries.filter(Like(F("document"), Value(f"% {word}%")))
    for code in dict.fromkeys([*parsed.departments, *(town.department for town in parsed.towns)]):
        entries = entries.filter(department=code)
    for place in parsed.places:
        near = Q(postcode__startswith=place)
        if len(place) <= 3:
            near |= Q(department=place)
        entries = entries.filter(near)
    if len(parsed.specialties) == 1:
        entries = entries.filter(specialty_key=parsed.specialties[0])
    elif parsed.specialties:
        entries = entries.filter(specialty_key__in=parsed.specialties)
    if specialty:
        entries = entries.filter(specialty_key=fold(specialty).strip())
    if department:
        entries = entries.filter(department=department)
    return entries


def _alphabetical(entries: QuerySet[DirectoryEntry]) -> QuerySet[DirectoryEntry]:
    return entries.order_by(bytewise("last_name_key"), bytewise("first_name_key"), "doctor_id")


def _public_entries(ids: list[int]) -> list[PublicEntry]:
    rows = {
        row["id"]: row for row in Doctor.objects.filter(pk__in=ids).values("id", *PUBLIC_FIELDS)
    }
    return [public_entry(rows[pk]) for pk in ids if pk in rows]


def _relevance(last_name_key: str, words: tuple[str, ...]) -> int:
    """The tier of a match, as _tiers() splits them: 0 exact last name, 1 its start, 2 other."""
    if last_name_key in words:
        return 0
    if last_name_key.startswith(words):
        return 1
    return 2


def _tiers(
    *, parsed: ParsedQuery, matches: QuerySet[DirectoryEntry]
) -> list[QuerySet[DirectoryEntry]]:
    """The matches split by relevance, each tier in the name index's order.

    Exact last name first, then last names starting with a word, then the rest: three queries
    an index can serve in order, rather than one that sorts every match by a computed rank.
    """
    if not parsed.words:
        return [_alphabetical(matches)]
    last_name = bytewise("last_name_key")
    is_name = reduce(or_, (Q(Equals(last_name, Value(w))) for w in parsed.words))
    starts_name = reduce(or_, (Q(Like(last_name, Value(f"{w}%"))) for w in parsed.words))
    return [
        _alphabetical(matches.filter(is_name)),
        _alphabetical(matches.filter(starts_name).exclude(is_name)),
        _alphabetical(
            matches.filter(*(Not(Like(last_name, Value(f"{w}%"))) for w in parsed.words))
        ),
    ]


def directory_search(
    *, text: str = "", specialty: str = "", department: str = "", page: int = 1
) -> DirectoryPage:
    """One page of the doctors matching every word of `text` and the filters given.

    `page` starts at 1 and is kept between 1 and MAX_PAGE. A search with no usable term and no
    filter finds nothing: the directory does not list the whole roll.
    """
    vocabulary = current_vocabulary(roll_specialties=directory_specialty_list())
    parsed = parse_query(text, vocabulary=vocabulary)
    page = min(max(page, 1), MAX_PAGE)
    if (
        parsed.notice
        or parsed.contradictory
        or (parsed.is_empty and not specialty and not department)
    ):
        return DirectoryPage(
            entries=[], number=1, total=0, total_is_capped=False, notice=parsed.notice
        )
    matches = _matches(parsed=parsed, specialty=specialty, department=department)
    start, stop = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    # Most searches match a few hundred doctors: fetch their sort keys once, rank them here.
    keys = list(
        matches.values_list("doctor_id", "last_name_key", "first_name_key")[: FEW_MATCHES + 1]
    )
    if len(keys) <= FEW_MATCHES:
        keys.sort(key=lambda row: (_relevance(row[1], parsed.words), row[1], row[2], row[0]))
        chosen = [row[0] for row in keys[start : min(stop, MAX_RESULTS)]]
        return _page(_public_entries(chosen), page, len(keys))

    # More than FEW_MATCHES, hence more than can be paged: read each tier in index order only as
    # far as this page needs.
    needed = min(stop, MAX_RESULTS)
    ids: list[int] = []
    for tier in _tiers(parsed=parsed, matches=matches):
        if len(ids) >= needed:
            break
        ids += tier.values_list("doctor_id", flat=True)[: needed - len(ids)]
    return _page(_public_entries(ids[start:needed]), page, MAX_RESULTS + 1)


def _page(entries: list[PublicEntry], number: int, counted: int) -> DirectoryPage:
    return DirectoryPage(
        entries=entries,
        number=number,
        total=min(counted, MAX_RESULTS),
        total_is_capped=counted > MAX_RESULTS,
    )


def directory_entry_get(*, rpps: str) -> PublicEntry | None:
    row = Doctor.objects.filter(rpps=rpps).values(*PUBLIC_FIELDS).first()
    return public_entry(row) if row else None


def directory_entry_of(*, doctor: Doctor) -> PublicEntry:
    """How `doctor` appears in the directory (for their own space)."""
    return public_entry({field: getattr(doctor, field) for field in PUBLIC_FIELDS})


def directory_specialty_list() -> list[str]:
    """The specialties on the roll, for the search form; cached, the roll changes rarely."""
    specialties: list[str] | None = cache.get(SPECIALTIES_CACHE_KEY)
    if specialties is None:
        specialties = sorted(
            set(Doctor.objects.values_list("specialty", flat=True).distinct()) - {""},
            key=fold,
        )
        cache.set(SPECIALTIES_CACHE_KEY, specialties, SPECIALTIES_CACHE_SECONDS)
    return specialties
