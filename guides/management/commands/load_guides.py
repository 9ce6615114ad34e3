"""`manage.py load_guides`: load the guides shipped in guides/content/ (safe to run again)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guides.content_files import DEFAULT_CONTENT_DIR
from guides.loading import guides_load


class Command(BaseCommand):
    help = (
        "Create or refresh the shipped guides and publish their new sheets; sheets staff "
        "have edited in admin are never overwritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=DEFAULT_CONTENT_DIR,
            help="Content directory (default: guides/content).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = guides_load(directory=options["directory"])
        self.stdout.write(
            f"Guides: {len(report.created)} sheet(s) created and published, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
            f"{len(report.kept_staff_edits)} kept as staff edited them."
        )
        for missing in report.missing_related:
            self.stderr.write(f"Unknown related sheet: {missing}")
