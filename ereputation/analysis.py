"""What a review may be: its categories with the words behind them, and how it reads.

Pure functions over a `CueSet`: no database, no logging, nothing kept. The review text lives
only in the request that brought it (and in the doctor's encrypted copy if they keep it).
"""

import re
from dataclasses import dataclass

from ereputation.categories import CATEGORIES, LICITE, Category, CueFamily
from ereputation.matching import CueSet, Hit, Segment, scores, segments

# A category is retained from this many points of distinct cues (a strong cue weighs 2, a weak
# one 1: two weak cues together, or one strong cue).
THRESHOLD = 2
_CAPS_WORD_RE = re.compile(r"\b[A-ZÀ-Ý]{4,}\b")


@dataclass(frozen=True)
class Finding:
    category: Category
    score: int
    words: tuple[str, ...]  # the review's words that triggered it, in order, once each

    @property
    def confidence(self) -> str:
        if self.score >= 4:
            return "élevée"
        if self.score >= 3:
            return "moyenne"
        return "à confirmer"


@dataclass(frozen=True)
class ReviewAnalysis:
    findings: tuple[Finding, ...]
    segments: tuple[Segment, ...]
    mentions_care: bool
    emotional: bool

    @property
    def licit(self) -> bool:
        return not self.findings

    @property
    def illegal(self) -> bool:
        return any(f.category.illegal for f in self.findings)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(f.category.key for f in self.findings) or frozenset({LICITE.key})

    def has(self, key: str) -> bool:
        return key in self.keys


def _words(text: str, hits: list[Hit], family: str) -> tuple[str, ...]:
    """The family's passages, overlapping cues merged (« m’a laissé des séquelles » once)."""
    seen: dict[str, None] = {}
    start, end = -1, -1
    for hit in sorted((h for h in hits if h.family == family), key=lambda h: h.start):
        if hit.start < end:
            end = max(end, hit.end)
            continue
        if end > start:
            seen.setdefault(" ".join(text[start:end].split()), None)
        start, end = hit.start, hit.end
    if end > start:
        seen.setdefault(" ".join(text[start:end].split()), None)
    return tuple(seen)


def _shouting(text: str) -> bool:
    return text.count("!") >= 3 or len(_CAPS_WORD_RE.findall(text)) >= 2


def review_analyze(text: str, *, cues: CueSet) -> ReviewAnalysis:
    hits = cues.hits(text)
    points = scores(hits)
    if points.get(CueFamily.DONNEES_TIERS, 0) and points.get(CueFamily.SANTE, 0):
        # Another person named or pointed at, and health words: that person's health data.
        points[CueFamily.DONNEES_TIERS] += 1
    findings = tuple(
        Finding(category=category, score=points[key], words=_words(text, hits, key))
        for key, category in CATEGORIES.items()
        if points.get(key, 0) >= THRESHOLD
    )
    shown = [hit for hit in hits if hit.family in {f.category.key for f in findings}]
    return ReviewAnalysis(
        findings=findings,
        segments=tuple(segments(text, shown)),
        mentions_care=points.get(CueFamily.SANTE, 0) + points.get(CueFamily.SOINS, 0) >= 1,
        emotional=points.get(CueFamily.EMOTION, 0) >= THRESHOLD or _shouting(text),
    )
