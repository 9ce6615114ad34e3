"""Every write of the guides app: sheets, revisions, the workflow, the assistant's memory."""

import datetime
import uuid
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from guides.analysis import fold
from guides.models import (
    SHEET_WORKFLOW,
    AssistantFeedback,
    Guide,
    SearchIndexState,
    Sheet,
    SheetRevision,
    SheetStatus,
    Synonym,
    UnansweredQuestion,
)
from guides.rendering import render_markdown
from portal import workflow as portal_workflow
from portal.page_cache import public_pages_invalidate_on_commit

CONTENT_FIELDS = ("title", "summary", "body_markdown", "key_points", "legal_references")
MAX_QUESTION_LENGTH = 1000


# The old name of the portal's one transition error, kept for callers and tests for now.
TransitionError = portal_workflow.TransitionError


def index_version_bump() -> str:
    """Tell every process that its assistant index is stale (it rebuilds on its next question)."""
    version = uuid.uuid4().hex
    updated = SearchIndexState.objects.filter(pk=1).update(version=version)
    if not updated:
        SearchIndexState.objects.update_or_create(pk=1, defaults={"version": version})
    return version


def _bump_after_commit() -> None:
    # After commit: a process that rebuilt in between would otherwise keep the old content.
    transaction.on_commit(index_version_bump)
    index_version_bump()
    # The sheet pages, guide lists and hubs that anonymous visitors get from the cache.
    public_pages_invalidate_on_commit()


def _body_render(sheet: Sheet) -> None:
    """Store the rendered body with the sheet: pages read it (guides.selectors.sheet_rendered)."""
    rendered = render_markdown(sheet.body_markdown)
    sheet.body_html = rendered.html
    sheet.toc = [asdict(entry) for entry in rendered.toc]


def _revision_create(*, sheet: Sheet, author: User | None, note: str) -> SheetRevision:
    last = sheet.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = SheetRevision(
        sheet=sheet,
        number=last + 1,
        status=sheet.status,
        author=author,
        note=note[:200],
        **{name: getattr(sheet, name) for name in CONTENT_FIELDS},
    )
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def guide_upsert(
    *,
    slug: str,
    title: str,
    summary: str,
    audiences: list[str],
    position: int,
    listed: bool = True,
) -> tuple[Guide, bool]:
    """Create the guide, or leave an existing one as staff may have shaped it."""
    guide = Guide.objects.filter(slug=slug).first()
    if guide is not None:
        return guide, False
    guide = Guide(
        slug=slug,
        title=title,
        summary=summary,
        audiences=audiences,
        position=position,
        listed=listed,
    )
    guide.full_clean()
    guide.save()
    return guide, True


@transaction.atomic
def sheet_create(
    *,
    guide: Guide,
    slug: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    key_points: list[str] | None = None,
    legal_references: list[str] | None = None,
    position: int = 0,
    source_hash: str = "",
    author: User | None = None,
    note: str = "Création",
) -> Sheet:
    sheet = Sheet(
        guide=guide,
        slug=slug,
        title=title,
        body_markdown=body_markdown,
        summary=summary,
        key_points=key_points or [],
        legal_references=legal_references or [],
        position=position,
        source_hash=source_hash,
        status=SheetStatus.DRAFT,
    )
    _body_render(sheet)
    sheet.full_clean()
    sheet.save()
    _revision_create(sheet=sheet, author=author, note=note)
    return sheet


@transaction.atomic
def sheet_save(
    *, sheet: Sheet, author: User | None, by_staff: bool, note: str = "Modification"
) -> SheetRevision:
    """Save a sheet whose fields were changed (in admin, by a restore) and keep a revision.

    A save by staff marks the sheet as theirs, so that `load_guides` never overwrites it.
    """
    if by_staff:
        sheet.edited_by_staff = True
    _body_render(sheet)
    sheet.full_clean()
    sheet.save()
    revision = _revision_create(sheet=sheet, author=author, note=note)
    if sheet.status == SheetStatus.PUBLISHED:
        _bump_after_commit()
    return revision


@transaction.atomic
def sheet_transition(*, sheet: Sheet, to_status: str, author: User | None) -> Sheet:
    """Move a sheet along the workflow: brouillon → relecture → publiée, and back to brouillon."""
    locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
    was_published = locked.status == SheetStatus.PUBLISHED
    # An unknown state is refused like a missing edge (the message names it as given).
    SHEET_WORKFLOW.move(locked, to_status)
    if to_status == SheetStatus.PUBLISHED:
        locked.published_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    label = SheetStatus(to_status).label
    _revision_create(sheet=locked, author=author, note=f"État : {label}")
    if was_published or to_status == SheetStatus.PUBLISHED:
        _bump_after_commit()
    sheet.status, sheet.published_at = locked.status, locked.published_at
    return locked


@transaction.atomic
def sheet_restore(*, sheet: Sheet, revision: SheetRevision, author: User | None) -> SheetRevision:
    """Bring back a revision's content as a new revision (the history is never rewritten)."""
    if revision.sheet_id != sheet.pk:
        raise ValidationError("Cette version appartient à une autre fiche.")
    for name in CONTENT_FIELDS:
        setattr(sheet, name, getattr(revision, name))
    return sheet_save(
        sheet=sheet,
        author=author,
        by_staff=True,
        note=f"Restauration de la version {revision.number}",
    )


@transaction.atomic
def sheet_related_set(*, sheet: Sheet, related: list[Sheet]) -> None:
    sheet.related.set([other for other in related if other.pk != sheet.pk])
    public_pages_invalidate_on_commit()


@transaction.atomic
def synonym_save(*, synonym: Synonym) -> Synonym:
    synonym.term = synonym.term.strip()
    synonym.full_clean()
    synonym.save()
    _bump_after_commit()
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: Synonym) -> None:
    synonym.delete()
    _bump_after_commit()


def normalize_question(text: str) -> str:
    return " ".join(fold(text).split())[:255]


@transaction.atomic
def unanswered_question_record(*, text: str) -> UnansweredQuestion | None:
    text = " ".join(text.split())[:MAX_QUESTION_LENGTH]
    normalized = normalize_question(text)
    if not normalized:
        return None
    question, created = UnansweredQuestion.objects.get_or_create(
        normalized=normalized, defaults={"text": text}
    )
    if not created:
        UnansweredQuestion.objects.filter(pk=question.pk).update(
            count=F("count") + 1, last_asked_at=timezone.now(), handled=False
        )
        question.refresh_from_db()
    return question


@transaction.atomic
def feedback_record(
    *,
    question: str,
    helpful: bool,
    sheet: Sheet | None,
    answered: bool,
    user: User | None = None,
) -> AssistantFeedback:
    feedback = AssistantFeedback(
        question=" ".join(question.split())[:MAX_QUESTION_LENGTH],
        helpful=helpful,
        sheet=sheet,
        answered=answered,
        user=user,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def assistant_questions_purge(*, older_than: datetime.datetime) -> int:
    """Forget the readers' questions last asked, and the feedback given, before `older_than`.

    The retention of the assistant's processing (legal.tasks.retention_purge); returns the
    number of rows deleted.
    """
    questions, _ = UnansweredQuestion.objects.filter(last_asked_at__lt=older_than).delete()
    feedback, _ = AssistantFeedback.objects.filter(created_at__lt=older_than).delete()
    return questions + feedback


def sheet_fields_from(source: Any) -> dict[str, Any]:
    """The content fields of a shipped sheet, as the model stores them."""
    return {
        "title": source.title,
        "summary": source.summary,
        "body_markdown": source.body_markdown,
        "key_points": list(source.key_points),
        "legal_references": list(source.legal_references),
    }
