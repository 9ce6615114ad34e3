"""Re-wrap the applicants' documents under VAULT_ACTIVE_KEY (run with vault_rotate_keys)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registrations.maintenance import documents_using, registration_documents_rotate
from vault import keys


class Command(BaseCommand):
    help = (
        "Re-wrap the data key of every first-registration document under VAULT_ACTIVE_KEY. "
        "With --retire ID, only check that no such document still uses that key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retire", metavar="KEK_ID", help="check that this KEK is unused")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retire"]:
            in_use = documents_using(kek_id=options["retire"])
            if in_use:
                raise CommandError(
                    f"KEK {options['retire']!r} still protects {in_use} registration "
                    "document(s): run registrations_rotate_keys first."
                )
            self.stdout.write(self.style.SUCCESS("No registration document uses that KEK."))
            return
        kek_id, _ = keys.active_key()
        report = registration_documents_rotate()
        self.stdout.write(f"Re-wrapped under KEK {kek_id!r}: {report.rekeyed}.")
        for document_id, reason in report.failed:
            self.stderr.write(f"FAILED {document_id}: {reason}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} document(s) could not be re-wrapped.")
