"""Finding cues in a text with the guides assistant's French analyzer, keeping where they are.

A cue of kind « mots » is analysed like the assistant's sheets (`guides.analysis.base_tokens`:
lowercase, elisions, accents, stopwords, Snowball stem), so « escrocs », « Escroc » and
« l’escroc » all meet the cue « escroc », and a phrase matches its words in a row once the
stopwords are kept as they are written (« mon cabinet » is not « cabinet »). A cue of kind
« motif » is a regular expression on the text lowercased and stripped of accents, with every
character kept in place so that a match can be highlighted in the original text.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ereputation.categories import CueKind
from guides.analysis import base_tokens, fold

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class CueSpec:
    """A cue as staff wrote it (a row of `ereputation.Cue`, or a shipped default)."""

    family: str
    kind: str
    text: str
    weight: int = 2


@dataclass(frozen=True)
class Hit:
    family: str
    start: int
    end: int
    weight: int
    cue: str


@dataclass(frozen=True)
class _Token:
    stem: str
    start: int
    end: int


def folded_in_place(text: str) -> str:
    """`fold` applied character by character, so that offsets stay those of `text`."""
    out = []
    for char in text:
        folded = fold(char)
        out.append(folded[0] if folded else " ")
    return "".join(out)


def _stem_of(word: str) -> str:
    # Stopwords stay (folded): « mon cabinet » must not shrink to « cabinet ».
    stems = base_tokens(word)
    return stems[0] if stems else fold(word)


def tokens(text: str) -> list[_Token]:
    return [_Token(_stem_of(m.group()), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def phrase_of(text: str) -> tuple[str, ...]:
    return tuple(_stem_of(m.group()) for m in _WORD_RE.finditer(text))


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def pattern_error(pattern: str) -> str | None:
    """Why a staff-entered pattern does not compile, or None (for the admin's validation)."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None


class CueSet:
    """Every active cue, ready to run over a text (built once per analysis, cheap)."""

    def __init__(self, cues: Iterable[CueSpec]) -> None:
        self._phrases: dict[str, list[tuple[tuple[str, ...], CueSpec]]] = defaultdict(list)
        self._patterns: list[tuple[re.Pattern[str], CueSpec]] = []
        self.size = 0
        for cue in cues:
            if cue.kind == CueKind.PATTERN:
                compiled = _compile(cue.text)
                if compiled is not None:
                    self._patterns.append((compiled, cue))
                    self.size += 1
                continue
            phrase = phrase_of(cue.text)
            if phrase:
                self._phrases[phrase[0]].append((phrase, cue))
                self.size += 1

    def hits(self, text: str, *, families: Iterable[str] | None = None) -> list[Hit]:
        wanted = set(families) if families is not None else None
        found: list[Hit] = []
        words = tokens(text)
        stems = [token.stem for token in words]
        for index, token in enumerate(words):
            for phrase, cue in self._phrases.get(token.stem, ()):
                if wanted is not None and cue.family not in wanted:
                    continue
                if tuple(stems[index : index + len(phrase)]) == phrase:
                    end = words[index + len(phrase) - 1].end
                    found.append(Hit(cue.family, token.start, end, cue.weight, cue.text))
        folded = folded_in_place(text)
        for compiled, cue in self._patterns:
            if wanted is not None and cue.family not in wanted:
                continue
            for match in compiled.finditer(folded):
                if match.end() > match.start():
                    found.append(Hit(cue.family, match.start(), match.end(), cue.weight, cue.text))
        found.sort(key=lambda hit: (hit.start, -hit.end, hit.family))
        return found


def scores(hits: Iterable[Hit]) -> dict[str, int]:
    """Per family, the weights of its distinct cues: a cue repeated counts once, and cues
    covering the same words (« je déconseille », « déconseiller ») count as their strongest."""
    seen: set[tuple[str, str]] = set()
    total: dict[str, int] = defaultdict(int)
    by_family: dict[str, list[Hit]] = defaultdict(list)
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        if (hit.family, hit.cue) not in seen:
            seen.add((hit.family, hit.cue))
            by_family[hit.family].append(hit)
    for family, found in by_family.items():
        group_end, group_weight = -1, 0
        for hit in found:
            if hit.start < group_end:
                group_end, group_weight = max(group_end, hit.end), max(group_weight, hit.weight)
                continue
            total[family] += group_weight
            group_end, group_weight = hit.end, hit.weight
        total[family] += group_weight
    return dict(total)


@dataclass(frozen=True)
class Segment:
    """A piece of the text, marked with the families whose cues cover it (none: plain)."""

    text: str
    families: tuple[str, ...] = ()


def segments(text: str, hits: Iterable[Hit]) -> list[Segment]:
    """`text` cut at every hit's edges, for highlighting (overlapping hits merge)."""
    cover: list[set[str]] = [set() for _ in text]
    for hit in hits:
        for position in range(hit.start, min(hit.end, len(text))):
            cover[position].add(hit.family)
    pieces: list[Segment] = []
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or cover[position] != cover[start]:
            pieces.append(Segment(text[start:position], tuple(sorted(cover[start]))))
            start = position
    return pieces
