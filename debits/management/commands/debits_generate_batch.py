"""Generate the pain.008 batch of a collection date outside a web request (large batches:
the XSD check of 100,000 debits takes longer than a request may)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from debits.services.batches import batch_generate


class Command(BaseCommand):
    help = "Generate the pain.008 batch of a collection date (YYYY-MM-DD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("collection_date", type=date.fromisoformat)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            batch = batch_generate(collection_date=options["collection_date"], actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if batch is None:
            self.stdout.write("Nothing to collect by that date.")
            return
        self.stdout.write(
            f"{batch.message_id}: {batch.transaction_count} debits, {batch.total_cents} cents "
            "(download it from the admin)."
        )
