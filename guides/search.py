"""The assistant's retrieval: an in-process BM25 index over the sections of the sheets.

Each section (the text under a "##" or "###" heading, the introduction, the key points) is a
document whose weighted fields are the sheet's title, the section's heading and its text.
A sheet's score blends its best section with the sheet taken whole, so a question answered
across two sections still finds its sheet. Pure Python over a few hundred sections: the same
answers whatever the database, well under a millisecond per question.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from guides.analysis import SynonymMap, analyze
from guides.rendering import split_sections

KEY_POINTS_ANCHOR = "fiche-a-retenir"
KEY_POINTS_HEADING = "À retenir"

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")
# Words that end with a full stop without ending the sentence: « l'article R. 4127-45 »,
# « art. 9 », « M. Dupont », « n° », « p. 12 », « etc. » before a lower-case word.
_ABBREVIATIONS = frozenset(
    {
        "r",
        "l",
        "d",
        "a",
        "art",
        "al",
        "arts",
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "dr",
        "drs",
        "pr",
        "me",
        "st",
        "ste",
        "p",
        "pp",
        "n",
        "no",
        "nos",
        "cf",
        "ex",
        "vol",
        "chap",
        "env",
        "min",
        "max",
        "éd",
        "ed",
        "av",
        "bd",
        "fig",
        "tél",
        "tel",
        "cass",
        "civ",
        "crim",
        "soc",
        "req",
    }
)
_LAST_WORD_RE = re.compile(r"([^\s(«\"']+)\.$")


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, not cut after an abbreviation or an initial.

    A full stop ends a sentence unless the word before it is a known abbreviation (« art. »,
    « R. », « Mme »), a single letter, « n° », or the next word starts in lower case or with
    a digit (« etc. et », « R. 4127-45 »).
    """
    pieces = _SENTENCE_END_RE.split(text)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _continues(sentences[-1], piece):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def _continues(previous: str, following: str) -> bool:
    if not previous.endswith(".") or previous.endswith(".."):
        return False
    first = following[:1]
    if first.isdigit() or first.islower():
        return True
    return _ends_with_abbreviation(previous)


def _ends_with_abbreviation(text: str) -> bool:
    match = _LAST_WORD_RE.search(text)
    if match is None:
        return False
    word = match.group(1).lower().rsplit(".", 1)[-1].rsplit("’", 1)[-1].rsplit("'", 1)[-1]
    return word in _ABBREVIATIONS or word.startswith("n°") or (len(word) == 1 and word.isalpha())


@dataclass(frozen=True)
class SearchSettings:
    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 2.0
    heading_weight: float = 2.0
    # Share of a sheet's score coming from its best section; the rest from the whole sheet.
    section_share: float = 0.6
    # A question is answered when the best sheet scores at least this much...
    min_score: float = 1.5
    # ...and covers this share of the question's weight (rare words weigh more).
    min_coverage: float = 0.15
    # ...and holds at least this share of the question's meaningful words.
    min_matched_share: float = 0.3
    # Other sheets are shown only when close enough to the first one.
    relative_cutoff: float = 0.3
    max_results: int = 3
    excerpt_length: int = 280


@dataclass(frozen=True)
class SheetSource:
    """What the index needs of a published sheet, from the database or the content files."""

    guide: str
    sheet: str
    title: str
    summary: str
    body_markdown: str
    key_points: tuple[str, ...] = ()


@dataclass
class _Doc:
    sheet_key: str
    anchor: str
    heading: str
    paragraphs: list[str]
    paragraph_terms: list[Counter[str]]
    # Each paragraph's sentences with their terms, analysed once here rather than per question.
    paragraph_sentences: list[list[tuple[str, frozenset[str]]]]
    tf: dict[str, float]
    length: float


@dataclass(frozen=True)
class SearchResult:
    guide: str
    sheet: str
    title: str
    anchor: str
    heading: str
    excerpt: str
    score: float


@dataclass(frozen=True)
class SearchAnswer:
    answered: bool
    results: list[SearchResult] = field(default_factory=list)


class _Bm25:
    """BM25 over documents given as weighted term frequencies."""

    def __init__(self, docs: list[tuple[dict[str, float], float]], k1: float, b: float) -> None:
        self.k1 = k1
        self.b = b
        self.count = len(docs)
        self.average = (sum(length for _, length in docs) / self.count) if docs else 1.0
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.lengths = [length for _, length in docs]
        for doc_id, (tf, _) in enumerate(docs):
            for term, weight in tf.items():
                self.postings[term].append((doc_id, weight))
        self.idf = {term: self._idf(len(posting)) for term, posting in self.postings.items()}
        self.unknown_idf = self._idf(0)

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.count - df + 0.5) / (df + 0.5))

    def scores(self, terms: Iterable[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc_id, tf in self.postings[term]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.average)
                scores[doc_id] += idf * tf * (self.k1 + 1) / (tf + norm)
        return scores


class SearchIndex:
    def __init__(
        self,
        sources: Iterable[SheetSource],
        synonyms: SynonymMap | None = None,
        settings: SearchSettings | None = None,
    ) -> None:
        self.settings = settings or SearchSettings()
        self.synonyms = synonyms or SynonymMap()
        self.sheets: dict[str, SheetSource] = {}
        self.docs: list[_Doc] = []
        sheet_docs: list[tuple[dict[str, float], float]] = []
        self.sheet_keys: list[str] = []
        self.sheet_terms: dict[str, frozenset[str]] = {}
        for source in sources:
            key = f"{source.guide}/{source.sheet}"
            self.sheets[key] = source
            sheet_tf: dict[str, float] = defaultdict(float)
            for doc in self._section_docs(key, source):
                self.docs.append(doc)
                for term, weight in doc.tf.items():
                    sheet_tf[term] += weight
            self.sheet_keys.append(key)
            sheet_docs.append((dict(sheet_tf), sum(sheet_tf.values())))
            self.sheet_terms[key] = frozenset(sheet_tf)
        self.section_bm25 = _Bm25(
            [(d.tf, d.length) for d in self.docs], self.settings.k1, self.settings.b
        )
        self.sheet_bm25 = _Bm25(sheet_docs, self.settings.k1, self.settings.b)

    def _analyze(self, text: str) -> list[str]:
        return analyze(text, self.synonyms)

    def _section_docs(self, key: str, source: SheetSource) -> list[_Doc]:
        sections = split_sections(source.body_markdown, intro_heading=source.title)
        title_terms = Counter(self._analyze(source.title))
        parts: list[tuple[str, str, list[str]]] = []
        intro_extra = [source.summary] if source.summary.strip() else []
        for section in sections:
            paragraphs = list(section.paragraphs)
            if section.anchor == "":
                paragraphs = intro_extra + paragraphs
                intro_extra = []
            parts.append((section.anchor, section.heading, paragraphs))
        if intro_extra:
            parts.insert(0, ("", source.title, intro_extra))
        if source.key_points:
            parts.append((KEY_POINTS_ANCHOR, KEY_POINTS_HEADING, list(source.key_points)))

        docs = []
        for anchor, heading, paragraphs in parts:
            paragraph_terms = [Counter(self._analyze(p)) for p in paragraphs]
            tf: Counter[str] = Counter()
            for counts in paragraph_terms:
                tf.update(counts)
            weighted: dict[str, float] = {t: float(c) for t, c in tf.items()}
            # The intro's heading is the sheet title itself: weighted once, as the title.
            heading_terms = Counter(self._analyze(heading)) if anchor else Counter()
            for term, count in title_terms.items():
                weighted[term] = weighted.get(term, 0.0) + self.settings.title_weight * count
            for term, count in heading_terms.items():
                weighted[term] = weighted.get(term, 0.0) + self.settings.heading_weight * count
            docs.append(
                _Doc(
                    sheet_key=key,
                    anchor=anchor,
                    heading=heading,
                    paragraphs=paragraphs,
                    paragraph_terms=paragraph_terms,
                    paragraph_sentences=[
                        [(x, frozenset(self._analyze(x))) for x in split_sentences(p)]
                        for p in paragraphs
                    ],
                    tf=weighted,
                    length=sum(weighted.values()),
                )
            )
        return docs

    def __len__(self) -> int:
        return len(self.sheets)

    def search(self, question: str) -> SearchAnswer:
        terms = list(dict.fromkeys(self._analyze(question)))
        if not terms or not self.docs:
            return SearchAnswer(answered=False)
        s = self.settings
        section_scores = self.section_bm25.scores(terms)
        sheet_scores = self.sheet_bm25.scores(terms)

        best_section: dict[str, tuple[float, int]] = {}
        for doc_id, score in section_scores.items():
            key = self.docs[doc_id].sheet_key
            if key not in best_section or score > best_section[key][0]:
                best_section[key] = (score, doc_id)
        combined: list[tuple[float, str]] = []
        for sheet_id, sheet_score in sheet_scores.items():
            key = self.sheet_keys[sheet_id]
            section_score = best_section.get(key, (0.0, -1))[0]
            score = s.section_share * section_score + (1 - s.section_share) * sheet_score
            combined.append((score, key))
        if not combined:
            return SearchAnswer(answered=False)
        # Ties are broken by the sheet key, so the order never depends on dict or DB order.
        combined.sort(key=lambda item: (-item[0], item[1]))
        # The first sheet shown is the best one that answers: a sheet ranked above it that
        # shares only a word or two with the question (« perdu », « téléphone ») is passed
        # over rather than silencing the assistant (only the first few are considered), and
        # the same holds for the sheets shown after it.
        first = next(
            (
                index
                for index, (score, key) in enumerate(combined[: s.max_results])
                if self._answers(terms, key, score)
            ),
            None,
        )
        if first is None:
            return SearchAnswer(answered=False)
        top_score = combined[first][0]

        results: list[SearchResult] = []
        for score, key in combined[first:]:
            if len(results) == s.max_results or score < s.relative_cutoff * top_score:
                break
            if results and not self._answers(terms, key, score):
                continue
            doc = self.docs[best_section[key][1]]
            source = self.sheets[key]
            results.append(
                SearchResult(
                    guide=source.guide,
                    sheet=source.sheet,
                    title=source.title,
                    anchor=doc.anchor,
                    heading=doc.heading,
                    excerpt=self._excerpt(doc, terms),
                    score=round(score, 4),
                )
            )
        return SearchAnswer(answered=True, results=results)

    def _answers(self, terms: list[str], key: str, score: float) -> bool:
        """Whether the best sheet answers well enough to be shown rather than guessed at."""
        s = self.settings
        matched = sum(term in self.sheet_terms[key] for term in terms)
        return (
            score >= s.min_score
            and self._coverage(terms, key) >= s.min_coverage
            and matched / len(terms) >= s.min_matched_share
        )

    def _coverage(self, terms: list[str], key: str) -> float:
        idf = self.sheet_bm25.idf
        unknown = self.sheet_bm25.unknown_idf
        total = sum(idf.get(term, unknown) for term in terms)
        present = self.sheet_terms[key]
        matched = sum(idf[term] for term in terms if term in present)
        return matched / total if total else 0.0

    def _excerpt(self, doc: _Doc, terms: list[str]) -> str:
        weights = self.section_bm25.idf
        wanted = set(terms)

        def weight_of(counts: Counter[str] | frozenset[str]) -> float:
            return sum(weights.get(term, 0.0) for term in wanted if term in counts)

        best = max(
            range(len(doc.paragraphs)),
            key=lambda i: (weight_of(doc.paragraph_terms[i]), -i),
            default=None,
        )
        if best is None:
            return ""
        analyzed = doc.paragraph_sentences[best]
        start = max(range(len(analyzed)), key=lambda i: (weight_of(analyzed[i][1]), -i))
        excerpt = analyzed[start][0]
        for sentence, _ in analyzed[start + 1 :]:
            if len(excerpt) + 1 + len(sentence) > self.settings.excerpt_length:
                break
            excerpt += " " + sentence
        return _shorten(excerpt, self.settings.excerpt_length)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:\u00a0")
    # Never stop on « l'article R. » or « n° »: the reference would be cut from its number.
    while " " in cut and (_ends_with_abbreviation(cut) or cut.lower().endswith(" n°")):
        cut = cut.rsplit(" ", 1)[0].rstrip(",;:\u00a0")
    return cut + " …"
