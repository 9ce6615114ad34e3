"""`manage.py import_roll FICHIER.csv`: create or update the roll's doctors from a CSV export."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from roll.services.importing import RollFileError, roll_import_csv


class Command(BaseCommand):
    help = (
        "Importe le tableau de l’Ordre depuis un fichier CSV (voir docs/roll-import.md) : "
        "crée ou met à jour les médecins par numéro RPPS et liste les lignes rejetées."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="Fichier CSV encodé en UTF-8.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifie le fichier et affiche le bilan sans rien enregistrer.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as stream:
                report = roll_import_csv(stream=stream, dry_run=options["dry_run"])
        except FileNotFoundError as exc:
            raise CommandError(f"Fichier introuvable : {path}") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"{path} est un dossier, pas un fichier CSV.") from exc
        except RollFileError as exc:
            raise CommandError(f"{path} n’a pas été importé : {exc}") from exc

        if report.dry_run:
            self.stdout.write("Simulation : rien n’a été enregistré.")
        if report.ignored_columns:
            self.stdout.write(f"Colonnes ignorées : {', '.join(report.ignored_columns)}")
        self.stdout.write(
            f"Créés : {report.created} ; mis à jour : {report.updated} ; "
            f"inchangés : {report.unchanged} ; lignes rejetées : {len(report.rejected)}"
        )
        for row in report.rejected:
            self.stderr.write(f"ligne {row.line} : {row.reason}")
        style = self.style.WARNING if report.rejected else self.style.SUCCESS
        self.stdout.write(
            style("Import terminé." if not report.dry_run else "Vérification terminée.")
        )
