"""The secrecy check of a reply the doctor wrote or edited, before they copy it.

It flags what a public reply must never contain (CSP L. 1110-4, R. 4127-4): a confirmation of a
visit or of a care relationship, a diagnosis, a treatment, an examination, a date of visit, a
name. Cues of the « secret » family carry the relationship and date patterns; the health and
care vocabulary is shared with the review analysis (« sante » family). A name that appears in
the review (its signature, a first name) is flagged too when the reply repeats it.
"""

import re
from dataclasses import dataclass

from ereputation.categories import CueFamily
from ereputation.matching import CueSet, Hit, Segment, segments

MAX_REPLY_LENGTH = 3000
# Capitalised words of the review that are not sentence starts: likely names.
_NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÉÈ][a-zéèëêïîôöûüç]{2,})\b")
# A greeting by first name (« Bonjour Julie ») names the reviewer.
_GREETING_RE = re.compile(
    r"\b(?:Bonjour|Bonsoir|Cher|Chère|Merci|Salut)\s+(?!Madame\b|Monsieur\b)"
    r"([A-ZÉÈ][a-zéèëêïîôöûüç]{2,})"
)
_COMMON_CAPITALS = frozenset(
    {"Docteur", "Madame", "Monsieur", "Google", "Dieu", "France", "Paris", "Internet", "Merci"}
)


@dataclass(frozen=True)
class SecrecyCheck:
    flagged: tuple[str, ...]  # the reply's passages at fault, in order, once each
    segments: tuple[Segment, ...]

    @property
    def safe(self) -> bool:
        return not self.flagged


def _names_in(review: str) -> set[str]:
    return {name for name in _NAME_RE.findall(review) if name not in _COMMON_CAPITALS}


def reply_check(reply: str, *, cues: CueSet, review: str = "") -> SecrecyCheck:
    hits = cues.hits(reply, families=[CueFamily.SECRET, CueFamily.SANTE])
    for name in _names_in(review):
        for match in re.finditer(rf"\b{re.escape(name)}\b", reply):
            hits.append(Hit(CueFamily.SECRET, match.start(), match.end(), 2, name))
    for match in _GREETING_RE.finditer(reply):
        hits.append(Hit(CueFamily.SECRET, match.start(1), match.end(1), 2, "greeting"))
    pieces = tuple(segments(reply, hits))
    # Overlapping cues (« lors de votre consultation », « votre consultation ») make one passage.
    flagged: dict[str, None] = {}
    run = ""
    for piece in (*pieces, Segment("")):
        if piece.families:
            run += piece.text
        elif run:
            flagged.setdefault(" ".join(run.split()), None)
            run = ""
    return SecrecyCheck(flagged=tuple(flagged), segments=pieces)
