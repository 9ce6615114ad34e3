import pytest

from roll.data.geography import DEPARTMENT_CODES, DEPARTMENTS, DEPARTMENTS_BY_CODE
from roll.data.people import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES
from roll.models import Civility, Doctor, DoctorStatus
from roll.rpps import validate_rpps
from roll.services.seeding import (
    EMAIL_DOMAIN,
    FIELDS,
    MAX_DOCTORS,
    REFERENCE_DATE,
    roll_seed,
    synthetic_doctors,
)
from tests.factories import DoctorFactory


def stored_rows() -> list[tuple]:
    return list(Doctor.objects.order_by("rpps").values_list(*FIELDS))


def test_same_seed_gives_the_same_doctors_and_another_seed_others():
    first = list(synthetic_doctors(count=300, seed=11))
    assert first == list(synthetic_doctors(count=300, seed=11))
    other = list(synthetic_doctors(count=300, seed=12))
    assert {d.rpps for d in first}.isdisjoint({d.rpps for d in other})
    assert [d.last_name for d in first] != [d.last_name for d in other]


def test_first_doctors_of_a_seed_do_not_depend_on_how_many_are_asked():
    assert (
        list(synthetic_doctors(count=50, seed=3)) == list(synthetic_doctors(count=120, seed=3))[:50]
    )


@pytest.mark.django_db
def test_seeding_stores_the_same_rows_for_the_same_seed():
    assert roll_seed(doctors=400, seed=8) == 400
    rows = stored_rows()
    Doctor.objects.all().delete()
    roll_seed(doctors=400, seed=8)
    assert stored_rows() == rows
    Doctor.objects.all().delete()
    roll_seed(doctors=400, seed=9)
    assert stored_rows() != rows


@pytest.mark.django_db
def test_seeding_again_adds_only_the_missing_doctors():
    assert roll_seed(doctors=300, seed=1) == 300
    assert roll_seed(doctors=300, seed=1) == 0
    assert roll_seed(doctors=500, seed=1) == 200
    assert Doctor.objects.count() == 500
    assert roll_seed(doctors=0, seed=1) == 0


@pytest.mark.django_db
def test_seeding_keeps_existing_doctors_and_their_data():
    existing = DoctorFactory.create()
    first = next(synthetic_doctors(count=1, seed=4))
    DoctorFactory.create(rpps=first.rpps, last_name="Déjà-Là")
    assert roll_seed(doctors=100, seed=4) == 99
    assert Doctor.objects.get(rpps=first.rpps).last_name == "Déjà-Là"
    assert Doctor.objects.filter(pk=existing.pk).exists()


@pytest.mark.django_db
def test_every_seeded_doctor_is_valid_for_the_model():
    roll_seed(doctors=2000, seed=2)
    doctors = list(Doctor.objects.all())
    assert len(doctors) == 2000
    assert len({doctor.rpps for doctor in doctors}) == 2000
    for doctor in doctors:
        validate_rpps(doctor.rpps)
        assert doctor.rpps.startswith("10")
        doctor.full_clean()


@pytest.mark.parametrize("doctors", [-1, MAX_DOCTORS + 1])
def test_seeding_refuses_an_impossible_count(doctors):
    with pytest.raises(ValueError, match="doctors must be between"):
        roll_seed(doctors=doctors)


def test_synthetic_roll_looks_like_the_real_one():
    doctors = list(synthetic_doctors(count=5000, seed=0))
    specialties = [d.specialty for d in doctors]
    general_share = specialties.count("Médecine générale") / len(doctors)
    assert 0.40 < general_share < 0.50
    assert len(set(specialties)) > 30

    statuses = {status: sum(d.status == status for d in doctors) for status in DoctorStatus.values}
    assert statuses[DoctorStatus.ACTIVE] > 0.7 * len(doctors)
    assert statuses[DoctorStatus.RETIRED] + statuses[DoctorStatus.RETIRED_ACTIVE] > 0.1 * len(
        doctors
    )
    assert 0 < statuses[DoctorStatus.SUSPENDED] < 0.02 * len(doctors)
    assert 0 < statuses[DoctorStatus.STRUCK_OFF] < 0.02 * len(doctors)

    departments = {d.department for d in doctors}
    assert {"75", "13", "2A", "2B", "974"} <= departments
    assert len(departments) > 90

    women = [d for d in doctors if d.civility == Civility.MRS]
    assert 0.35 < len(women) / len(doctors) < 0.65
    for doctor in doctors:
        names = FEMALE_FIRST_NAMES if doctor.civility == Civility.MRS else MALE_FIRST_NAMES
        assert doctor.first_name in names
        assert doctor.last_name in SURNAMES
        department = DEPARTMENTS_BY_CODE[doctor.department]
        assert doctor.city == department.prefecture
        assert doctor.postcode in department.postcodes
        assert doctor.registered_on <= REFERENCE_DATE
        assert doctor.email.endswith(f"@{EMAIL_DOMAIN}")
        assert doctor.email.isascii()
        assert " " not in doctor.email


def test_emails_are_unique_and_read_like_the_doctors_name():
    doctors = list(synthetic_doctors(count=3000, seed=6))
    assert len({d.email for d in doctors}) == len(doctors)
    jean_francois = next(d for d in doctors if d.first_name == "Jean-François")
    assert jean_francois.email.startswith("jean-francois.")


def test_reference_departments_cover_the_councils():
    assert len(DEPARTMENTS) == 102
    assert {"01", "2A", "2B", "95", "971", "976"} <= DEPARTMENT_CODES
    assert "20" not in DEPARTMENT_CODES
    for department in DEPARTMENTS:
        assert department.postcodes
        for postcode in department.postcodes:
            assert len(postcode) == 5
            assert postcode.isdigit()
            prefix = {"2A": "20", "2B": "20"}.get(department.code, department.code)
            assert postcode.startswith(prefix), (department.code, postcode)
