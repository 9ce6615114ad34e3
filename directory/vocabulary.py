"""The everyday words of a directory search: specialties, other professions and places.

People type « cardiologue Lyon », « gynéco 33 », « kiné » rather than the roll's official names.
A `Vocabulary` maps phrases (sequences of folded words, as directory.db.words() cuts them, so
accents and capitals never matter) to what they mean:

- a specialty term (from SpecialtyVocabulary rows, staff-editable, and the roll's own
  specialty names) → the folded specialty names it stands for (the search table's
  `specialty_key`, folded the same way on PostgreSQL and SQLite);
- a profession that is not a doctor's (« kiné », « dentiste »…) → a line telling where to look;
- a département name → its code; a prefecture → its town words and its département.

Each process keeps one Vocabulary, rebuilt when VocabularyState's version changes (any save in
admin, through directory.services) or when the roll's list of specialties does. The version is
read from the shared cache (Redis in production), so a search costs no database query for it:
a save deletes the cached version, and it is kept VERSION_CACHE_SECONDS at most, which bounds
how stale a per-process cache (development) can be.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache

from directory.db import fold, words
from directory.models import SpecialtyVocabulary, VocabularyState
from roll.data.geography import DEPARTMENTS

Phrase = tuple[str, ...]

_DIRECTORY = "consultez l’annuaire santé (annuaire.sante.fr)"

# (what people type, the line shown instead of results). These professions have their own
# register: searching the doctors' roll for them can only disappoint.
NON_DOCTOR_PROFESSIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "kiné",
            "kine",
            "kinés",
            "kinésithérapeute",
            "kinésithérapeutes",
            "masseur-kinésithérapeute",
            "masseurs-kinésithérapeutes",
            "kinésithérapie",
        ),
        "Les masseurs-kinésithérapeutes ne sont pas inscrits à l’Ordre des médecins\u00a0: "
        f"{_DIRECTORY} ou l’Ordre des masseurs-kinésithérapeutes.",
    ),
    (
        ("infirmier", "infirmière", "infirmiers", "infirmières", "IDE", "IDEL"),
        "Les infirmiers ne sont pas inscrits à l’Ordre des médecins\u00a0: "
        f"{_DIRECTORY} ou l’Ordre national des infirmiers.",
    ),
    (
        (
            "dentiste",
            "dentistes",
            "chirurgien-dentiste",
            "chirurgiens-dentistes",
            "orthodontiste",
            "orthodontistes",
        ),
        "Les chirurgiens-dentistes ne sont pas inscrits à l’Ordre des médecins\u00a0: "
        f"{_DIRECTORY} ou l’Ordre national des chirurgiens-dentistes.",
    ),
    (
        ("sage-femme", "sages-femmes", "maïeuticien", "maïeuticiens"),
        "Les sages-femmes ne sont pas inscrites à l’Ordre des médecins\u00a0: "
        f"{_DIRECTORY} ou l’Ordre des sages-femmes.",
    ),
    (
        ("pharmacien", "pharmacienne", "pharmaciens", "pharmacie", "pharmacies"),
        "Les pharmaciens ne sont pas inscrits à l’Ordre des médecins\u00a0: "
        f"{_DIRECTORY} ou l’Ordre national des pharmaciens.",
    ),
    (
        ("ostéopathe", "ostéopathes", "ostéo", "ostéopathie"),
        "Les ostéopathes qui ne sont pas médecins ne sont pas inscrits à l’Ordre des "
        "médecins\u00a0: leur titre est enregistré auprès de l’agence régionale de santé\u00a0; "
        f"{_DIRECTORY}.",
    ),
    (
        ("psychologue", "psychologues", "psychothérapeute", "psychothérapeutes"),
        "Les psychologues ne sont pas inscrits à l’Ordre des médecins\u00a0: leur titre est "
        f"enregistré auprès de l’agence régionale de santé\u00a0; {_DIRECTORY}. Pour un "
        "psychiatre, qui est médecin, cherchez «\u00a0psychiatre\u00a0».",
    ),
)


@dataclass(frozen=True)
class Town:
    department: str
    words: Phrase


def _phrase(text: str) -> Phrase:
    return tuple(words(text))


def _places() -> tuple[dict[Phrase, str], dict[Phrase, Town]]:
    departments: dict[Phrase, str] = {}
    towns: dict[Phrase, Town] = {}
    for department in DEPARTMENTS:
        departments[_phrase(department.name)] = department.code
        town = _phrase(department.prefecture)
        towns.setdefault(town, Town(department=department.code, words=town))
    # A name that is both (Paris): the département says it all.
    for phrase in departments:
        towns.pop(phrase, None)
    return departments, towns


_DEPARTMENTS, _TOWNS = _places()
_NOTICES = {_phrase(term): notice for terms, notice in NON_DOCTOR_PROFESSIONS for term in terms}


@dataclass(frozen=True)
class Vocabulary:
    specialties: dict[Phrase, frozenset[str]] = field(default_factory=dict)
    notices: dict[Phrase, str] = field(default_factory=lambda: dict(_NOTICES))
    departments: dict[Phrase, str] = field(default_factory=lambda: dict(_DEPARTMENTS))
    towns: dict[Phrase, Town] = field(default_factory=lambda: dict(_TOWNS))
    longest: int = 0

    def __post_init__(self) -> None:
        tables: Iterable[Iterable[Phrase]] = (
            self.specialties,
            self.notices,
            self.departments,
            self.towns,
        )
        longest = max((len(phrase) for table in tables for phrase in table), default=1)
        object.__setattr__(self, "longest", longest)


PLACES_ONLY = Vocabulary()


def vocabulary_build(
    *, entries: Iterable[tuple[str, Sequence[str]]], roll_specialties: Iterable[str] = ()
) -> Vocabulary:
    """A vocabulary from (official name, terms) pairs and the roll's specialty names."""
    found: dict[Phrase, set[str]] = defaultdict(set)
    for name in roll_specialties:
        if phrase := _phrase(name):
            found[phrase].add(fold(name))
    for name, terms in entries:
        key = fold(name)
        for text in (name, *terms):
            if phrase := _phrase(text):
                found[phrase].add(key)
    return Vocabulary(specialties={phrase: frozenset(keys) for phrase, keys in found.items()})


VERSION_CACHE_KEY = "directory:vocabulary-version"
VERSION_CACHE_SECONDS = 60
_lock = threading.Lock()
_cached: tuple[tuple[str, tuple[str, ...]], Vocabulary] | None = None


def _from_db(roll_specialties: tuple[str, ...]) -> Vocabulary:
    rows = SpecialtyVocabulary.objects.all()
    return vocabulary_build(
        entries=((row.name, row.terms()) for row in rows), roll_specialties=roll_specialties
    )


def current_vocabulary(*, roll_specialties: Sequence[str]) -> Vocabulary:
    """This process's vocabulary: the version from the cache, a rebuild when it changed."""
    global _cached
    version: str | None = cache.get(VERSION_CACHE_KEY)
    if version is None:
        stored = VocabularyState.objects.filter(pk=1).values_list("version", flat=True).first()
        version = stored or ""
        cache.set(VERSION_CACHE_KEY, version, VERSION_CACHE_SECONDS)
    key = (version, tuple(roll_specialties))
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        vocabulary = _from_db(key[1])
        _cached = (key, vocabulary)
        return vocabulary
