"""`manage.py open_dues_campaign --year 2027`: create the year's campaign and its calls."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cotisations.services.campaigns import campaign_open


class Command(BaseCommand):
    help = "Open the dues campaign of a year: one call per doctor who owes dues (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="e.g. 2027")

    def handle(self, *args: Any, year: int, **options: Any) -> None:
        campaign, created = campaign_open(year=year)
        total = campaign.calls.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Campaign {campaign.year}: {created} new calls, {total} in all "
                f"(deadline {campaign.deadline:%Y-%m-%d})."
            )
        )
