import datetime
import io
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from roll.models import Civility, Doctor, DoctorStatus
from roll.services.csv_rows import parse_row
from roll.services.importing import RollFileError, roll_import_csv
from tests.factories import DoctorFactory, UserFactory
from tests.roll.helpers import HEADER, csv_bytes, luhn_invalid, row, rpps

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "roll-sample.csv"


def run(data: bytes, **kwargs):
    return roll_import_csv(stream=io.BytesIO(data), **kwargs)


def test_valid_file_creates_every_doctor_with_its_values():
    report = run(
        csv_bytes(
            [
                row(1),
                row(
                    2,
                    civilite="Monsieur",
                    nom="  Le  Gall ",
                    prenom="Yann",
                    departement="2A",
                    date_inscription="05/03/1998",
                    statut="Retraité en activité",
                    code_postal="20000",
                    commune="Ajaccio",
                    email="Yann.LeGall@Exemple-Medecin.TEST",
                ),
            ]
        )
    )

    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, [])
    doctor = Doctor.objects.get(rpps=rpps(2))
    assert doctor.civility == Civility.MR
    assert doctor.last_name == "Le Gall"
    assert doctor.department == "2A"
    assert doctor.registered_on == datetime.date(1998, 3, 5)
    assert doctor.status == DoctorStatus.RETIRED_ACTIVE
    assert doctor.email == "Yann.LeGall@exemple-medecin.test"
    assert Doctor.objects.get(rpps=rpps(1)).registered_on == datetime.date(2011, 9, 1)


def test_known_rpps_updates_the_same_doctor_and_keeps_its_account():
    doctor = DoctorFactory.create(rpps=rpps(7), specialty="Pédiatrie", city="Paris")
    account = UserFactory.create(doctor=doctor)
    before = doctor.updated_at

    report = run(csv_bytes([row(7, specialite="Psychiatrie", statut="suspended")]))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    doctor.refresh_from_db()
    assert doctor.specialty == "Psychiatrie"
    assert doctor.status == DoctorStatus.SUSPENDED
    assert doctor.city == "Lyon"
    assert doctor.updated_at > before
    assert Doctor.objects.count() == 1
    account.refresh_from_db()
    assert account.doctor_id == doctor.pk


def test_importing_the_same_file_twice_leaves_doctors_unchanged():
    data = csv_bytes([row(1), row(2), row(3)])
    run(data)
    stamps = dict(Doctor.objects.values_list("rpps", "updated_at"))

    report = run(data)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert dict(Doctor.objects.values_list("rpps", "updated_at")) == stamps


def test_absent_optional_columns_leave_existing_values_and_blank_new_ones():
    DoctorFactory.create(rpps=rpps(1), street="8 rue des Lilas", email="ancien@exemple.test")
    header = HEADER[:8]

    report = run(csv_bytes([row(1, nom="Nouveau"), row(2)], header=header))

    assert (report.created, report.updated) == (1, 1)
    kept = Doctor.objects.get(rpps=rpps(1))
    assert (kept.last_name, kept.street, kept.email) == (
        "Nouveau",
        "8 rue des Lilas",
        "ancien@exemple.test",
    )
    new = Doctor.objects.get(rpps=rpps(2))
    assert (new.street, new.postcode, new.city, new.email) == ("", "", "", "")


def test_empty_optional_cell_clears_the_field():
    DoctorFactory.create(rpps=rpps(1), email="ancien@exemple.test")
    run(csv_bytes([row(1, email="")]))
    assert Doctor.objects.get(rpps=rpps(1)).email == ""


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"rpps": "1000000012A"}, "exactement 11 chiffres"),
        ({"rpps": "1000000001"}, "exactement 11 chiffres"),
        ({"rpps": "100000000123"}, "exactement 11 chiffres"),
        ({"rpps": luhn_invalid(3)}, "clé de contrôle"),
        ({"rpps": ""}, "numéro RPPS manquant"),
        ({"statut": "en vacances"}, "statut « en vacances » inconnu"),
        ({"statut": ""}, "statut manquant"),
        ({"nom": "  "}, "nom manquant"),
        ({"prenom": ""}, "prénom manquant"),
        ({"specialite": ""}, "spécialité manquante"),
        ({"nom": "X" * 151}, "nom trop long"),
        ({"date_inscription": "31/02/2020"}, "date d’inscription « 31/02/2020 » invalide"),
        ({"date_inscription": "2020/01/15"}, "AAAA-MM-JJ ou JJ/MM/AAAA"),
        ({"date_inscription": "hier"}, "invalide"),
        ({"date_inscription": ""}, "date d’inscription manquante"),
        ({"date_inscription": "2999-01-01"}, "postérieure à aujourd’hui"),
        ({"civilite": "Dr"}, "civilité « Dr » inconnue"),
        ({"civilite": ""}, "civilité manquante"),
        ({"departement": "20"}, "département « 20 » inconnu"),
        ({"departement": "99"}, "département « 99 » inconnu"),
        ({"departement": ""}, "département manquant"),
        ({"code_postal": "7500A"}, "code postal « 7500A » invalide"),
        ({"code_postal": "690001"}, "code postal « 690001 » invalide"),
        ({"email": "pas-une-adresse"}, "adresse électronique « pas-une-adresse » invalide"),
        ({"commune": "C" * 151}, "commune trop longue"),
    ],
)
def test_each_broken_row_is_reported_with_its_line_while_good_rows_import(overrides, reason):
    report = run(csv_bytes([row(1), row(3, **overrides), row(2)]))

    assert report.created == 2
    assert [rejected.line for rejected in report.rejected] == [3]
    assert reason in report.rejected[0].reason
    assert set(Doctor.objects.values_list("rpps", flat=True)) == {rpps(1), rpps(2)}


def test_every_problem_of_a_line_is_reported_together():
    report = run(csv_bytes([row(1, civilite="X", statut="?", departement="00")]))
    assert len(report.rejected[0].reasons) == 3
    assert report.created == 0


def test_duplicate_rpps_in_the_file_keeps_the_first_line_and_rejects_the_others():
    report = run(csv_bytes([row(1, nom="Premier"), row(2), row(1, nom="Second"), row(1)]))

    assert report.created == 2
    assert [(r.line, r.reason) for r in report.rejected] == [
        (4, "numéro RPPS en double : il figure déjà ligne 2 du fichier"),
        (5, "numéro RPPS en double : il figure déjà ligne 2 du fichier"),
    ]
    assert Doctor.objects.get(rpps=rpps(1)).last_name == "Premier"


def test_rpps_typed_with_spaces_is_the_same_doctor():
    spaced = " ".join([rpps(1)[:2], rpps(1)[2:6], rpps(1)[6:]])
    report = run(csv_bytes([row(1), row(1, rpps=spaced)]))
    assert report.created == 1
    assert "en double" in report.rejected[0].reason


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("active", DoctorStatus.ACTIVE),
        ("En activité", DoctorStatus.ACTIVE),
        ("retired_active", DoctorStatus.RETIRED_ACTIVE),
        ("RETRAITÉ EN ACTIVITÉ", DoctorStatus.RETIRED_ACTIVE),
        ("retired", DoctorStatus.RETIRED),
        ("Retraité sans activité", DoctorStatus.RETIRED),
        ("suspended", DoctorStatus.SUSPENDED),
        ("Suspendu", DoctorStatus.SUSPENDED),
        ("struck_off", DoctorStatus.STRUCK_OFF),
        ("radié", DoctorStatus.STRUCK_OFF),
    ],
)
def test_status_accepts_english_codes_and_french_labels(label, status):
    run(csv_bytes([row(1, statut=label)]))
    assert Doctor.objects.get().status == status


def test_spreadsheet_dropped_leading_zeros_are_restored():
    run(csv_bytes([row(1, departement="1", code_postal="1000", commune="Bourg-en-Bresse")]))
    doctor = Doctor.objects.get()
    assert (doctor.department, doctor.postcode) == ("01", "01000")


@pytest.mark.parametrize(
    ("delimiter", "bom", "newline"),
    [(";", True, "\n"), (",", False, "\r\n"), (",", True, "\n"), (";", False, "\r\n")],
)
def test_bom_delimiters_and_line_endings_are_all_read(delimiter, bom, newline):
    data = csv_bytes([row(1), row(2)], delimiter=delimiter, bom=bom, newline=newline)
    report = run(data)
    assert (report.created, report.rejected) == (2, [])
    assert Doctor.objects.get(rpps=rpps(1)).email == "claire.martin.1@exemple-medecin.test"


def test_quoted_values_may_contain_the_delimiter():
    data = csv_bytes([row(1, adresse='"4, rue Victor Hugo"')], delimiter=",")
    assert run(data).created == 1
    assert Doctor.objects.get().street == "4, rue Victor Hugo"


def test_headers_as_staff_type_them_are_recognised_and_unknown_ones_ignored():
    header = (
        "N° RPPS",
        "Civilité",
        "Nom",
        "Prénom",
        "Spécialité",
        "Département",
        "Date d’inscription",
        "Statut",
        "Code postal",
        "Remarque",
    )
    data = "\n".join(
        [
            ";".join(header),
            f"{rpps(1)};Mme;Roux;Léa;Pédiatrie;35;2019-11-02;active;35000;à rappeler",
        ]
    ).encode()
    report = run(data)
    assert (report.created, report.rejected, report.ignored_columns) == (1, [], ("Remarque",))
    assert Doctor.objects.get().postcode == "35000"


def test_line_numbers_count_blank_lines_and_multiline_values():
    data = (
        csv_bytes([row(1)])
        + b"\n"
        + csv_bytes([row(2, adresse='"4 rue\nVictor Hugo"'), row(3)])[len(";".join(HEADER)) + 1 :]
    )
    # line 1 header, 2 row(1), 3 blank, 4-5 row(2) spread over two lines, 6 row(3)
    report = run(data)
    assert [(r.line, "plusieurs lignes" in r.reason) for r in report.rejected] == [(4, True)]
    assert report.created == 2


def test_line_with_too_many_or_too_few_values_is_rejected():
    good = ";".join(row(1).values())
    extra = ";".join(row(2).values()) + ";en trop"
    short = ";".join(list(row(3).values())[:6])
    data = "\n".join(
        [";".join(HEADER), good, extra, short, ";".join(row(4).values()) + ";"]
    ).encode()
    report = run(data)
    assert [r.line for r in report.rejected] == [3, 4]
    assert "13 valeurs" in report.rejected[0].reason
    assert "6 valeurs" in report.rejected[1].reason
    assert report.created == 2  # a trailing empty cell is harmless


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"\n \r\n\n", "vide"),
        (b"\x00\x01\x02\x03binary\x00data", "binaires"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "classeur"),
        ("rpps;nom;prénom\n10000000018;Éric;Noël\n".encode("latin-1"), "UTF-8"),
        (b"rpps;nom;prenom\n", "Colonnes obligatoires absentes : civilite, specialite"),
        ("\t".join(HEADER).encode() + b"\n", "Colonnes obligatoires absentes : rpps, civilite"),
        (";".join(HEADER).encode() + b"\n", "aucune ligne de médecin"),
        ((";".join(HEADER) + ";nom\n").encode(), "« nom » figure deux fois"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "png",
        "xlsx",
        "latin-1",
        "missing-columns",
        "tab-delimiter",
        "header-only",
        "duplicate-column",
    ],
)
def test_unreadable_file_raises_and_changes_nothing(data, message):
    doctor = DoctorFactory.create()
    with pytest.raises(RollFileError, match=message):
        run(data)
    assert list(Doctor.objects.all()) == [doctor]
    assert Doctor.objects.get().updated_at == doctor.updated_at


def test_latin1_error_names_the_line_of_the_first_unreadable_character():
    data = csv_bytes([row(1)]) + "10000000018;MME;Noël\n".encode("latin-1")
    with pytest.raises(RollFileError, match="ligne 3"):
        run(data)
    assert not Doctor.objects.exists()


def test_dry_run_reports_but_writes_nothing():
    DoctorFactory.create(rpps=rpps(1), specialty="Pédiatrie")
    report = run(csv_bytes([row(1), row(2), row(3, statut="?")]), dry_run=True)
    assert (report.created, report.updated, len(report.rejected), report.dry_run) == (1, 1, 1, True)
    assert Doctor.objects.count() == 1
    assert Doctor.objects.get().specialty == "Pédiatrie"


def test_a_failure_while_writing_rolls_back_the_whole_import():
    DoctorFactory.create(rpps=rpps(1), specialty="Pédiatrie")
    with (
        mock.patch(
            "roll.services.importing.doctors_bulk_update", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        run(csv_bytes([row(1), row(2)]))
    assert list(Doctor.objects.values_list("rpps", "specialty")) == [(rpps(1), "Pédiatrie")]


def test_sample_file_of_the_documentation_imports_cleanly():
    report = run(SAMPLE.read_bytes())
    assert report.rejected == []
    assert report.created == Doctor.objects.count() >= 5


def test_every_accepted_row_passes_the_models_own_validation():
    # The import skips per-row full_clean for speed; this keeps parse_row as strict as the model.
    today = timezone.localdate()
    samples = [
        row(1),
        row(2, civilite="m.", statut="Radiée", departement="976", code_postal="97600"),
        row(3, email="", adresse="", code_postal="", commune=""),
        row(4, nom="N" * 150, prenom="P" * 150, specialite="S" * 150, commune="C" * 150),
        row(5, date_inscription="1/2/1975", statut="RETRAITE"),
    ]
    for cells in samples:
        values = parse_row(cells, today=today)
        Doctor(**values).clean_fields()
