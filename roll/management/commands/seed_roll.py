"""`manage.py seed_roll --doctors N [--seed S]`: fill the roll with synthetic doctors."""

import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from roll.services.seeding import MAX_DOCTORS, roll_seed


def _count(value: str) -> int:
    if not value.isdigit() or int(value) > MAX_DOCTORS:
        raise ArgumentTypeError(f"indiquez un nombre entier de 0 à {MAX_DOCTORS}, pas « {value} »")
    return int(value)


class Command(BaseCommand):
    help = (
        "Ajoute au tableau des médecins fictifs (noms, spécialités, départements réalistes, "
        "adresses en .test). Une même graine donne toujours les mêmes médecins ; relancer la "
        "commande n’ajoute que ceux qui manquent."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--doctors",
            type=_count,
            required=True,
            help=f"Nombre de médecins fictifs (0 à {MAX_DOCTORS}).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Graine du tirage (0 par défaut).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            created = roll_seed(doctors=options["doctors"], seed=options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        skipped = options["doctors"] - created
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} médecins fictifs ajoutés ({skipped} déjà présents) en {elapsed:.1f} s."
            )
        )
