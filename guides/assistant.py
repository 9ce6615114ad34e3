"""The assistant as the site uses it: one index per process, rebuilt when the content changes.

Every question reads the shared version token (one indexed row); when it differs from the one
the in-memory index was built for, the index is rebuilt from the published sheets and the
synonyms. Publishing, unpublishing, editing a published sheet or a synonym changes the token
(services.index_version_bump), so every web process notices on its next question.
"""

import hashlib
import threading
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.urls import reverse

from guides import services
from guides.analysis import SynonymMap, analyze
from guides.models import SearchIndexState, Sheet, SheetStatus, Synonym
from guides.search import SearchIndex, SearchResult, SearchSettings, SheetSource
from portal.page_cache import published_value_get, published_value_set

_lock = threading.Lock()
_cached: tuple[str, SearchIndex] | None = None


class QuestionError(ValueError):
    """A question the assistant cannot take, with a message for the reader."""


@dataclass(frozen=True)
class AnswerItem:
    guide: str
    sheet: str
    title: str
    url: str
    excerpt: str
    score: float
    heading: str


@dataclass(frozen=True)
class AssistantAnswer:
    question: str
    answered: bool
    results: list[AnswerItem] = field(default_factory=list)


def search_settings() -> SearchSettings:
    """The assistant's tuning: `GUIDES_ASSISTANT` in settings, over the search's defaults."""
    return SearchSettings(**getattr(settings, "GUIDES_ASSISTANT", {}))


def synonym_map_from_db() -> SynonymMap:
    return SynonymMap((s.term, s.equivalent_list()) for s in Synonym.objects.all())


def published_sources() -> list[SheetSource]:
    sheets = (
        Sheet.objects.filter(
            status=SheetStatus.PUBLISHED, guide__published=True, guide__listed=True
        )
        .select_related("guide")
        .order_by("guide__slug", "slug")
    )
    return [
        SheetSource(
            guide=sheet.guide.slug,
            sheet=sheet.slug,
            title=sheet.title,
            summary=sheet.summary,
            body_markdown=sheet.body_markdown,
            key_points=tuple(sheet.key_points),
        )
        for sheet in sheets
    ]


def build_index_from_db() -> SearchIndex:
    return SearchIndex(published_sources(), synonym_map_from_db(), search_settings())


def current_index() -> SearchIndex:
    global _cached
    version = SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:
        # Nothing was ever published through the services: nothing worth caching either.
        return build_index_from_db()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        index = build_index_from_db()
        _cached = (version, index)
        return index


def sheet_url(result: SearchResult) -> str:
    url = reverse("guides:sheet", kwargs={"guide": result.guide, "sheet": result.sheet})
    return f"{url}#{result.anchor}" if result.anchor else url


def clean_question(raw: str | None) -> str:
    question = " ".join((raw or "").split())
    if not question:
        raise QuestionError("Écrivez votre question dans le champ ci-dessus.")
    if len(question) > services.MAX_QUESTION_LENGTH:
        raise QuestionError(
            f"Votre question est trop longue ({len(question)} caractères) : "
            f"résumez-la en {services.MAX_QUESTION_LENGTH} caractères au plus."
        )
    return question


def ask(raw_question: str | None, *, record_unanswered: bool = True) -> AssistantAnswer:
    """Answer a reader's question from the published sheets, or say plainly there is none.

    Answers are cached per normalised question (case and spacing) until staff next publish
    (portal.page_cache's generation, renewed with the sheet pages), so a frequent question
    costs one Redis read and no search. Raises QuestionError for an empty or too long question.
    """
    question = clean_question(raw_question)
    seconds = settings.GUIDES_ANSWER_CACHE_SECONDS
    if not seconds:
        answer = _search(question)
    else:
        key = _answer_key(question)
        generation, cached = published_value_get(key)
        if isinstance(cached, AssistantAnswer):
            answer = replace(cached, question=question)
        else:
            answer = _search(question)
            published_value_set(key, generation, answer, timeout=seconds)
    # A question of mere stopwords or symbols tells staff nothing: keep only real ones. Counted
    # on every ask, from the cache too.
    if not answer.answered and record_unanswered and analyze(question):
        services.unanswered_question_record(text=question)
    return answer


def _answer_key(question: str) -> str:
    digest = hashlib.sha256(question.casefold().encode()).hexdigest()[:32]
    return f"assistant-answer:{digest}"


def _search(question: str) -> AssistantAnswer:
    answer = current_index().search(question)
    if not answer.answered:
        return AssistantAnswer(question=question, answered=False)
    return AssistantAnswer(
        question=question,
        answered=True,
        results=[
            AnswerItem(
                guide=r.guide,
                sheet=r.sheet,
                title=r.title,
                url=sheet_url(r),
                excerpt=r.excerpt,
                score=r.score,
                heading=r.heading,
            )
            for r in answer.results
        ],
    )
