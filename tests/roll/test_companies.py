"""Companies of doctors on the roll: SIREN, partners, the one designated partner."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roll.models import CompanyPartner
from roll.siren import normalize_siren, validate_siren
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory, factory_siren

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("siren", ["732829320", "552100554", factory_siren(7)])
def test_valid_sirens_pass(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("73282932", "siren_format"),
        ("7328293200", "siren_format"),
        ("73282932A", "siren_format"),
        ("７３２８２９３２０", "siren_format"),  # full-width digits are not ASCII
        ("732829321", "siren_checksum"),
    ],
)
def test_invalid_sirens_are_refused_in_french(siren, code):
    with pytest.raises(ValidationError) as exc:
        validate_siren(siren)
    assert exc.value.code == code
    assert "SIREN" in exc.value.messages[0]


def test_siren_typed_with_spaces_is_normalised():
    assert normalize_siren("732 829 320") == "732829320"
    assert normalize_siren("732\u00a0829\u202f320") == "732829320"


def test_company_full_clean_refuses_a_bad_siren():
    company = CompanyFactory.build(siren="732829321")
    with pytest.raises(ValidationError) as exc:
        company.full_clean()
    assert "clé de contrôle" in exc.value.message_dict["siren"][0]


def test_siren_shape_is_a_database_rule():
    company = CompanyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(company).objects.filter(pk=company.pk).update(siren="12345")


def test_two_designated_partners_are_refused_by_the_database():
    first = CompanyPartnerFactory(is_designated=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyPartnerFactory(company=first.company, is_designated=True)


def test_a_designated_partner_must_be_a_current_one():
    partner = CompanyPartnerFactory(is_designated=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyPartner.objects.filter(pk=partner.pk).update(left_on=datetime.date(2026, 1, 1))
    partner.left_on = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError) as exc:
        partner.full_clean()
    assert "désignez d’abord un autre associé" in " ".join(exc.value.messages)


def test_leaving_before_joining_is_refused():
    partner = CompanyPartnerFactory.build(
        company=CompanyFactory(),
        doctor=DoctorFactory(),
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2019, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        partner.full_clean()
    assert "ne peut pas précéder" in " ".join(exc.value.messages)


def test_a_doctor_is_a_current_partner_once_but_may_come_back():
    first = CompanyPartnerFactory(left_on=datetime.date(2020, 6, 30))
    again = CompanyPartnerFactory(
        company=first.company, doctor=first.doctor, joined_on=datetime.date(2022, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyPartnerFactory(company=first.company, doctor=again.doctor)
    assert set(first.company.doctors.all()) == {first.doctor}
