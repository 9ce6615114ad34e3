from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roll.management.commands.import_roll import Command as ImportRollCommand
from roll.models import Doctor
from roll.rpps import luhn_checksum_ok
from tests.roll.helpers import csv_bytes, row, rpps

pytestmark = pytest.mark.django_db


def call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_roll_prints_the_report_and_lists_rejected_lines(tmp_path):
    path = tmp_path / "tableau.csv"
    path.write_bytes(csv_bytes([row(1), row(2, statut="en congé"), row(3)]))

    out, err = call("import_roll", str(path))

    assert "Créés : 2 ; mis à jour : 0 ; inchangés : 0 ; lignes rejetées : 1" in out
    assert "ligne 3 : statut « en congé » inconnu" in err
    assert Doctor.objects.count() == 2


def test_import_roll_dry_run_saves_nothing(tmp_path):
    path = tmp_path / "tableau.csv"
    path.write_bytes(csv_bytes([row(1)]))
    out, _ = call("import_roll", str(path), "--dry-run")
    assert "Simulation : rien n’a été enregistré." in out
    assert "Créés : 1" in out
    assert not Doctor.objects.exists()


def test_import_roll_refuses_an_unreadable_file_with_its_reason(tmp_path):
    path = tmp_path / "tableau.xlsx"
    path.write_bytes(b"PK\x03\x04 not a csv")
    with pytest.raises(CommandError, match="classeur"):
        call("import_roll", str(path))
    assert not Doctor.objects.exists()


def test_import_roll_exits_non_zero_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as excinfo:
        ImportRollCommand().run_from_argv(["manage.py", "import_roll", str(path)])
    assert excinfo.value.code == 1
    assert "Le fichier est vide." in capsys.readouterr().err


def test_import_roll_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call("import_roll", str(tmp_path / "absent.csv"))


def test_seed_roll_creates_the_requested_doctors_then_nothing_more():
    out, _ = call("seed_roll", "--doctors", "2000", "--seed", "5")
    assert "2000 médecins fictifs ajoutés (0 déjà présents)" in out
    assert Doctor.objects.count() == 2000
    assert all(luhn_checksum_ok(number) for number in Doctor.objects.values_list("rpps", flat=True))

    out, _ = call("seed_roll", "--doctors", "2000", "--seed", "5")
    assert "0 médecins fictifs ajoutés (2000 déjà présents)" in out
    assert Doctor.objects.count() == 2000


@pytest.mark.parametrize("value", ["-1", "beaucoup", "20000000"])
def test_seed_roll_refuses_a_count_that_is_not_a_number_in_range(value):
    with pytest.raises(CommandError, match="nombre entier"):
        call("seed_roll", "--doctors", value)
    assert not Doctor.objects.exists()


def test_seed_roll_requires_a_count():
    with pytest.raises(CommandError, match="--doctors"):
        call("seed_roll")


def test_seeded_and_imported_doctors_share_the_roll(tmp_path):
    call("seed_roll", "--doctors", "10")
    path = tmp_path / "tableau.csv"
    path.write_bytes(csv_bytes([row(1)]))
    call("import_roll", str(path))
    assert Doctor.objects.count() == 11
    assert Doctor.objects.filter(rpps=rpps(1)).exists()
