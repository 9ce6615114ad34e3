"""Decrypt every encrypted object (or one user's) and check its SHA-256; report all failures.

Every model of `vault.encrypted.ENCRYPTED_MODELS`: the vault's documents, the applicants'
documents and the change requests' supporting documents.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from vault.kms import acting_as
from vault.maintenance import vault_verify


class Command(BaseCommand):
    help = (
        "Check that every encrypted document (vault, first registrations, change requests) "
        "decrypts and matches its SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", help="email or id of one owner")

    def handle(self, *args: Any, **options: Any) -> None:
        owner_id = None
        if owner := options["owner"]:
            user = (
                User.objects.filter(pk=int(owner))
                if owner.isdigit()
                else User.objects.filter(email__iexact=owner)
            )
            found = user.first()
            if found is None:
                raise CommandError(f"No user {owner!r}.")
            owner_id = found.pk
        with acting_as("command/vault_verify"):  # in the key service's log
            report = vault_verify(owner_id=owner_id)
        for document, reason in report.failed:
            self.stderr.write(
                f"FAILED {document._meta.label} {document.pk} "
                f"(owner {document.bound_owner_id}): {reason}"
            )
        self.stdout.write(f"Checked {report.checked} document(s), {len(report.failed)} failure(s).")
        if report.failed:
            raise CommandError(f"{len(report.failed)} document(s) failed verification.")
