"""Reads of the guides app shared by the pages, the API and the admin."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from guides.models import Guide, Sheet, SheetStatus
from guides.rendering import Rendered, TocEntry, render_markdown
from portal.models import Audience


@dataclass(frozen=True)
class AudienceGuides:
    audience: str
    label: str
    guides: list[Guide]


def _published_sheets() -> QuerySet[Sheet]:
    return Sheet.objects.filter(status=SheetStatus.PUBLISHED).order_by("position", "title")


def guide_list_public() -> list[Guide]:
    """Published guides that hold at least one published sheet, each with those sheets."""
    guides = (
        Guide.objects.filter(published=True, listed=True)
        .annotate(published_count=Count("sheets", filter=Q(sheets__status=SheetStatus.PUBLISHED)))
        .filter(published_count__gt=0)
        .prefetch_related(Prefetch("sheets", queryset=_published_sheets(), to_attr="public_sheets"))
        .order_by("position", "title")
    )
    return list(guides)


def guides_by_audience() -> list[AudienceGuides]:
    guides = guide_list_public()
    return [
        AudienceGuides(
            audience=value,
            label=label,
            guides=[guide for guide in guides if value in guide.audiences],
        )
        for value, label in Audience.choices
    ]


def guide_get_public(*, slug: str) -> Guide:
    guides = Guide.objects.filter(published=True, listed=True).prefetch_related(
        Prefetch("sheets", queryset=_published_sheets(), to_attr="public_sheets")
    )
    guide = get_object_or_404(guides, slug=slug)
    if not guide.public_sheets:  # type: ignore[attr-defined]
        raise Http404("Ce guide n’a pas encore de fiche publiée.")
    return guide


def sheet_get_public(*, guide_slug: str, sheet_slug: str) -> Sheet:
    """A published sheet of a published guide; anything else is a 404, drafts included."""
    return get_object_or_404(
        Sheet.objects.select_related("guide").prefetch_related(
            Prefetch("related", queryset=_published_sheets().select_related("guide"))
        ),
        guide__slug=guide_slug,
        guide__published=True,
        guide__listed=True,
        slug=sheet_slug,
        status=SheetStatus.PUBLISHED,
    )


def sheet_rendered(*, sheet: Sheet) -> Rendered:
    """The sheet's body as stored at its last save, or rendered now for a row saved before."""
    if sheet.body_html or not sheet.body_markdown:
        return Rendered(html=sheet.body_html, toc=[TocEntry(**entry) for entry in sheet.toc])
    return render_markdown(sheet.body_markdown)


def sheet_siblings(*, sheet: Sheet) -> tuple[Sheet | None, Sheet | None]:
    """The published sheets before and after `sheet` in its guide."""
    sheets = list(_published_sheets().filter(guide_id=sheet.guide_id))
    index = next((i for i, s in enumerate(sheets) if s.pk == sheet.pk), None)
    if index is None:
        return None, None
    previous = sheets[index - 1] if index > 0 else None
    following = sheets[index + 1] if index + 1 < len(sheets) else None
    return previous, following


def sheet_get_by_key(*, key: str) -> Sheet | None:
    guide_slug, _, sheet_slug = key.partition("/")
    return (
        Sheet.objects.filter(guide__slug=guide_slug, slug=sheet_slug, status=SheetStatus.PUBLISHED)
        .select_related("guide")
        .first()
    )
