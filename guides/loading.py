"""Loading the shipped guides into the database (`manage.py load_guides`), idempotently."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from guides import services
from guides.content_files import DEFAULT_CONTENT_DIR, read_content
from guides.models import Sheet, SheetStatus
from portal.page_cache import public_pages_invalidate_on_commit

logger = logging.getLogger(__name__)

SHIPPED_NOTE = "Version livrée avec le portail"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_staff_edits: list[str] = field(default_factory=list)
    missing_related: list[str] = field(default_factory=list)


@transaction.atomic
def guides_load(*, directory: Path = DEFAULT_CONTENT_DIR) -> LoadReport:
    """Create or refresh the shipped guides and publish their new sheets.

    A sheet staff have saved in admin is never touched again; one whose file changed since the
    last load is updated (with a revision) and keeps its state. New sheets are published
    through the workflow (brouillon → relecture → publiée).
    """
    report = LoadReport()
    guide_files = read_content(directory)
    touched: list[tuple[Sheet, tuple[str, ...]]] = []
    for guide_file in guide_files:
        guide, _ = services.guide_upsert(
            slug=guide_file.slug,
            title=guide_file.title,
            summary=guide_file.summary,
            audiences=list(guide_file.audiences),
            position=guide_file.position,
            listed=guide_file.listed,
        )
        for sheet_file in guide_file.sheets:
            key = f"{guide_file.slug}/{sheet_file.slug}"
            sheet = Sheet.objects.filter(guide=guide, slug=sheet_file.slug).first()
            fields = services.sheet_fields_from(sheet_file)
            if sheet is None:
                sheet = services.sheet_create(
                    guide=guide,
                    slug=sheet_file.slug,
                    position=sheet_file.position,
                    source_hash=sheet_file.source_hash,
                    note=SHIPPED_NOTE,
                    **fields,
                )
                services.sheet_transition(sheet=sheet, to_status=SheetStatus.REVIEW, author=None)
                services.sheet_transition(sheet=sheet, to_status=SheetStatus.PUBLISHED, author=None)
                report.created.append(key)
            elif sheet.edited_by_staff:
                report.kept_staff_edits.append(key)
                continue
            elif sheet.source_hash == sheet_file.source_hash:
                report.unchanged.append(key)
                continue
            else:
                for name, value in fields.items():
                    setattr(sheet, name, value)
                sheet.position = sheet_file.position
                sheet.source_hash = sheet_file.source_hash
                services.sheet_save(sheet=sheet, author=None, by_staff=False, note=SHIPPED_NOTE)
                report.updated.append(key)
            touched.append((sheet, sheet_file.related))

    for sheet, related_keys in touched:
        related: list[Sheet] = []
        for related_key in related_keys:
            guide_slug, _, sheet_slug = related_key.partition("/")
            other = Sheet.objects.filter(guide__slug=guide_slug, slug=sheet_slug).first()
            if other is None:
                report.missing_related.append(f"{sheet.key} → {related_key}")
                logger.warning("Sheet %s links to unknown sheet %s", sheet.key, related_key)
                continue
            related.append(other)
        services.sheet_related_set(sheet=sheet, related=related)
    if report.created or report.updated:
        services.index_version_bump()
        # The pages and assistant answers anonymous visitors get from the cache, too.
        public_pages_invalidate_on_commit()
    return report
