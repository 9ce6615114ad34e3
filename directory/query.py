"""What someone typed in the directory's search box, read into search terms.

One box takes names, specialties, towns, postcodes, département codes and RPPS numbers, as
people type them ("Dr Dupont Lyon", "pédiatre 33", "médecin généraliste Lyon", "10001234567").
First, phrases the vocabulary knows (directory.vocabulary) are read, longest first: a specialty
term becomes a specialty filter, a profession that is not a doctor's a notice, a département
name or a prefecture a place filter. Then each remaining word is classified by its shape: 11
digits are an RPPS number, 6 to 10 digits the start of one, 4 or 5 digits the start of a
postcode, 2 or 3 digits (and 2A, 2B) a département code or the start of a postcode; titles
("médecin", "docteur", "dr") are dropped; any other word of two letters or more must start a
word of the doctor's name, specialty or town.
"""

import re
from dataclasses import dataclass

from directory.db import words
from directory.vocabulary import PLACES_ONLY, Phrase, Town, Vocabulary

MAX_QUERY_LENGTH = 100
# More words than this add nothing but cost: the rest are ignored.
MAX_TERMS = 6
_CORSICA = re.compile(r"^2[ab]$")
# Titles put before a name, and the small words inside specialty and town names ("et", "de"):
# they would match nearly every doctor and only slow the search down.
IGNORED_WORDS = frozenset(
    {"dr", "docteur", "docteurs", "medecin", "medecins", "pr", "professeur"}
    | {"mme", "mr", "madame", "monsieur"}
    | {"et", "de", "du", "des", "la", "le", "les", "en", "au", "aux", "sur", "sous"}
)


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # département codes (upper case) or postcode starts
    rpps: str = ""
    rpps_prefix: str = ""
    # Folded specialty names a specialty term stands for: a doctor of any of them matches.
    specialties: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()  # from a département's name
    towns: tuple[Town, ...] = ()
    # A profession that is not a doctor's: the line to show instead of results.
    notice: str = ""
    # Specialty terms that name no specialty in common ("cardiologue pédiatre"): no doctor.
    contradictory: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.words
            or self.places
            or self.rpps
            or self.rpps_prefix
            or self.specialties
            or self.departments
            or self.towns
            or self.notice
            or self.contradictory
        )


@dataclass
class _Phrases:
    specialties: frozenset[str] | None = None
    departments: tuple[str, ...] = ()
    towns: tuple[Town, ...] = ()
    notice: str = ""


def _read_phrases(typed: list[str], vocabulary: Vocabulary) -> tuple[_Phrases, list[str]]:
    """The vocabulary's phrases found in `typed` (longest first at each word), and the rest."""
    found = _Phrases()
    rest: list[str] = []
    index = 0
    while index < len(typed):
        for size in range(min(vocabulary.longest, len(typed) - index), 0, -1):
            phrase: Phrase = tuple(typed[index : index + size])
            if phrase in vocabulary.notices:
                found.notice = found.notice or vocabulary.notices[phrase]
            elif phrase in vocabulary.specialties:
                keys = vocabulary.specialties[phrase]
                # Two terms ("gynéco obstétricien"): the specialties both name.
                found.specialties = keys if found.specialties is None else found.specialties & keys
            elif phrase in vocabulary.departments:
                found.departments += (vocabulary.departments[phrase],)
            elif phrase in vocabulary.towns:
                found.towns += (vocabulary.towns[phrase],)
            else:
                continue
            index += size
            break
        else:
            rest.append(typed[index])
            index += 1
    return found, rest


def parse_query(text: str, *, vocabulary: Vocabulary = PLACES_ONLY) -> ParsedQuery:
    """Search terms from what was typed, read with `vocabulary` (places only by default)."""
    phrases, typed = _read_phrases(words(text[:MAX_QUERY_LENGTH]), vocabulary)
    found_words: list[str] = []
    places: list[str] = []
    rpps = rpps_prefix = ""
    for word in typed:
        if len(found_words) + len(places) + bool(rpps) + bool(rpps_prefix) >= MAX_TERMS:
            break
        if word.isdigit():
            if len(word) == 11:
                rpps = word
            elif 6 <= len(word) <= 10:
                rpps_prefix = word
            elif 2 <= len(word) <= 5:
                places.append(word)
        elif _CORSICA.match(word):
            places.append(word.upper())
        elif len(word) >= 2 and word not in IGNORED_WORDS:
            found_words.append(word)
    specialties = phrases.specialties
    return ParsedQuery(
        words=tuple(dict.fromkeys(found_words)),
        places=tuple(dict.fromkeys(places)),
        rpps=rpps,
        rpps_prefix=rpps_prefix,
        specialties=tuple(sorted(specialties or ())),
        departments=tuple(dict.fromkeys(phrases.departments)),
        towns=tuple(dict.fromkeys(phrases.towns)),
        notice=phrases.notice,
        contradictory=specialties is not None and not specialties,
    )
