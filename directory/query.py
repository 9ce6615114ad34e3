"""What someone typed in the directory's search box, read into search terms.

One box takes names, specialties, towns, postcodes, département codes and RPPS numbers, as
people type them ("Dr Dupont Lyon", "pédiatrie 33", "10001234567"). Each word is classified by its
shape: 11 digits are an RPPS number, 6 to 10 digits the start of one, 4 or 5 digits the start of
a postcode, 2 or 3 digits (and 2A, 2B) a département code or the start of a postcode; any other
word of two letters or more must start a word of the doctor's name, specialty or town.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from directory.db import fold, words

MAX_QUERY_LENGTH = 100
# More words than this add nothing but cost: the rest are ignored.
MAX_TERMS = 6
_CORSICA = re.compile(r"^2[ab]$")
# Titles put before a name, and the small words inside specialty and town names ("et", "de"):
# they would match nearly every doctor and only slow the search down.
IGNORED_WORDS = frozenset(
    {"dr", "docteur", "pr", "professeur", "mme", "mr", "madame", "monsieur"}
    | {"et", "de", "du", "des", "la", "le", "les", "en", "au", "aux", "sur", "sous"}
)


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # département codes (upper case) or postcode starts
    rpps: str = ""
    rpps_prefix: str = ""
    # A specialty typed in full, as its folded name: matched on the specialty alone.
    specialty: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.places or self.rpps or self.rpps_prefix or self.specialty)


def _find_specialty(found: list[str], specialties: Iterable[str]) -> tuple[str, list[str]]:
    """The longest specialty whose words all appear in a row in `found`, and the other words."""
    candidates = sorted(
        ((words(name), fold(name)) for name in specialties), key=lambda c: -len(c[0])
    )
    for name_words, key in candidates:
        size = len(name_words)
        for start in range(len(found) - size + 1):
            if size and found[start : start + size] == name_words:
                return key, found[:start] + found[start + size :]
    return "", found


def parse_query(text: str, *, specialties: Iterable[str] = ()) -> ParsedQuery:
    """Search terms from what was typed; `specialties` are the roll's, to recognise one in full."""
    typed = words(text[:MAX_QUERY_LENGTH])
    specialty, typed = _find_specialty(typed, specialties)
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
    return ParsedQuery(
        words=tuple(dict.fromkeys(found_words)),
        places=tuple(dict.fromkeys(places)),
        rpps=rpps,
        rpps_prefix=rpps_prefix,
        specialty=specialty,
    )
