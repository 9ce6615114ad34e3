"""`manage.py seed_demo`: demonstration data on a developer's machine (DEBUG only)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from accounts.services.demo import DemoAccount, demo_seed


class Command(BaseCommand):
    help = (
        "Seeds 500 synthetic doctors on the roll, a claimed demo doctor and a staff superuser. "
        "Idempotent; refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password for both demo accounts (resets it if they exist). "
            "Without it, new accounts get a generated one and existing ones keep theirs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with known "
                "passwords. Use it only on a development machine (portal.settings.local)."
            )
        try:
            result = demo_seed(password=options.get("password"))
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        # The shipped guides (never overwriting a sheet staff have edited).
        call_command("load_guides", stdout=self.stdout)
        # Dues to pay: this year's campaign until its deadline, then next year's.
        today = timezone.localdate()
        year = today.year if today.month <= 3 else today.year + 1
        call_command("open_dues_campaign", year=year, stdout=self.stdout)

        self.stdout.write(
            f"Tableau de l’Ordre : {result.doctor_count} médecins inscrits "
            f"({result.roll_added} ajoutés par cette exécution)."
        )
        self.stdout.write(self._login_line("Médecin de démonstration", result.doctor))
        self.stdout.write(self._login_line("Équipe de l’Ordre (superutilisateur)", result.staff))
        self.stdout.write(
            "Les comptes de l’équipe doivent activer la double authentification (TOTP) à leur "
            f"première connexion, sur {reverse('mfa_index')} : l’administration "
            f"({reverse('admin:index')}) l’exige."
        )

    def _login_line(self, label: str, account: DemoAccount) -> str:
        password = account.password or "(mot de passe inchangé ; --password pour le changer)"
        return self.style.SUCCESS(f"{label} : {account.email} / {password}")
