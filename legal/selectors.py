"""Reads of the legal app: the legal pages' editable text, and the links they print."""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from guides.content_files import DEFAULT_CONTENT_DIR, ContentError, read_sheet
from guides.models import Sheet, SheetStatus

# The guide whose sheets are the legal pages (guides/content/informations-legales/): staff edit
# them in the guides' admin, with the same workflow and revisions as any sheet.
LEGAL_GUIDE = "informations-legales"


class LegalSheet:
    MENTIONS = "mentions-legales"
    PERSONAL_DATA = "donnees-personnelles"
    ACCESSIBILITY = "accessibilite"
    COOKIES = "cookies"


@dataclass(frozen=True)
class LegalPage:
    slug: str
    title: str
    summary: str
    body_markdown: str
    legal_references: tuple[str, ...]
    updated_at: datetime.datetime | None
    sheet_id: int | None  # None when the page shows the shipped text (guides not loaded yet)


def legal_page_get(*, slug: str) -> LegalPage:
    """The published sheet `slug` of the legal guide, or else the text shipped with the portal.

    A legal page must always answer: until `load_guides` has run, or while staff have taken
    the sheet back to draft, readers get the shipped version.
    """
    sheet = Sheet.objects.filter(
        guide__slug=LEGAL_GUIDE, slug=slug, status=SheetStatus.PUBLISHED
    ).first()
    if sheet is not None:
        return LegalPage(
            slug=sheet.slug,
            title=sheet.title,
            summary=sheet.summary,
            body_markdown=sheet.body_markdown,
            legal_references=tuple(sheet.legal_references),
            updated_at=sheet.updated_at,
            sheet_id=sheet.pk,
        )
    for path in sorted((DEFAULT_CONTENT_DIR / LEGAL_GUIDE).glob(f"*-{slug}.md")):
        try:
            shipped = read_sheet(path, guide=LEGAL_GUIDE)
        except ContentError:
            continue
        if shipped.slug == slug:
            return LegalPage(
                slug=shipped.slug,
                title=shipped.title,
                summary=shipped.summary,
                body_markdown=shipped.body_markdown,
                legal_references=shipped.legal_references,
                updated_at=None,
                sheet_id=None,
            )
    raise Http404(f"Page légale inconnue : {slug}")


def url_or_empty(name: str, *args: str) -> str:
    """The path of a named URL, or "" while the app that serves it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
