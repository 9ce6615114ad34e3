"""Re-wrap every data key under the active key (VAULT_ACTIVE_KEY), or check a key can go.

The active key may be a local KEK (VAULT_KEYS) or a key service's key (VAULT_KMS_KEYS): the
same run moves local documents to the key service, once, when a council turns kms on.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vault import keys
from vault.kms import acting_as
from vault.maintenance import documents_to_rotate, kek_usage, vault_rotate


class Command(BaseCommand):
    help = (
        "Re-wrap the data key of every document (the vault's and the first registrations') "
        "under VAULT_ACTIVE_KEY (a local KEK or a key service's key) without re-encrypting "
        "content. Safe to interrupt and run again. With --retire ID, only check that no "
        "document still uses that key, so that it can be removed from VAULT_KEYS or "
        "VAULT_KMS_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retire", metavar="KEK_ID", help="check that this KEK is unused")
        parser.add_argument("--limit", type=int, help="stop after this many documents")

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as("command/vault_rotate_keys"):  # in the key service's log
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        if options["retire"]:
            self._retire(options["retire"])
            return
        kek_id = keys.active_key_id()
        pending = documents_to_rotate(kek_id=kek_id)
        self.stdout.write(f"{pending} document(s) to re-wrap under KEK {kek_id!r}.")
        report = vault_rotate(limit=options["limit"])
        self.stdout.write(f"Re-wrapped: {report.rekeyed}.")
        for document_id, reason in report.failed:
            self.stderr.write(f"FAILED {document_id}: {reason}")
        remaining = documents_to_rotate(kek_id=kek_id)
        self.stdout.write(f"Still under another KEK: {remaining}.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} document(s) could not be re-wrapped.")

    def _retire(self, kek_id: str) -> None:
        if kek_id == keys.active_key_id():
            raise CommandError(f"KEK {kek_id!r} is the active key: make another one active first.")
        # The objects' headers are authoritative (docs/vault-format.md): every one is read.
        usage = kek_usage(kek_id=kek_id)
        for line in usage.disagreements:
            self.stderr.write(f"DISAGREES {line}")
        for line in usage.unreadable:
            self.stderr.write(f"UNREADABLE {line}")
        for line in usage.headers:
            self.stderr.write(f"USES {kek_id} {line}")
        if not usage.retirable:
            raise CommandError(
                f"KEK {kek_id!r} still protects {usage.rows} document(s) by their rows and "
                f"{len(usage.headers)} by their object headers; "
                f"{len(usage.disagreements)} row(s) disagree with their object's header, "
                f"{len(usage.unreadable)} object(s) could not be read. Run vault_rotate_keys "
                "(and vault_verify) first. It must stay configured."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"No document uses KEK {kek_id!r}: it can be removed from VAULT_KEYS "
                "(or VAULT_KMS_KEYS; a key service's key may then be scheduled for deletion)."
            )
        )
