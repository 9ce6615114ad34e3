"""Doctors on the roll."""

import datetime

import factory
from factory.django import DjangoModelFactory

from roll.models import (
    Civility,
    Company,
    CompanyPartner,
    Doctor,
    DoctorStatus,
    LegalForm,
    PartnerRole,
)
from roll.rpps import luhn_check_digit


def factory_rpps(n: int) -> str:
    """A Luhn-valid RPPS; the "99" prefix never meets seed_roll's "10" numbers."""
    payload = f"99{n:08d}"
    return payload + luhn_check_digit(payload)


class DoctorFactory(DjangoModelFactory[Doctor]):
    """An active doctor in Paris, on the roll and not claimed by any account."""

    class Meta:
        model = Doctor

    rpps = factory.Sequence(factory_rpps)
    civility = Civility.MRS
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    first_name = "Anne"
    specialty = "Médecine générale"
    department = "75"
    registered_on = datetime.date(2012, 3, 14)
    status = DoctorStatus.ACTIVE
    street = "8 rue des Lilas"
    postcode = "75011"
    city = "Paris"
    email = factory.Sequence(lambda n: f"medecin{n}@exemple-medecin.test")


def factory_siren(n: int) -> str:
    """A Luhn-valid SIREN; the "98" prefix keeps clear of real-looking numbers."""
    payload = f"98{n:06d}"
    return payload + luhn_check_digit(payload)


class CompanyFactory(DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"SCP Cabinet des Tilleuls {n}")
    legal_form = LegalForm.SCP
    siren = factory.Sequence(factory_siren)
    roll_number = factory.Sequence(lambda n: f"75-S-{n:05d}")
    department = "75"
    registered_on = datetime.date(2015, 9, 1)
    street = "12 avenue des Tilleuls"
    postcode = "75012"
    city = "Paris"


class CompanyPartnerFactory(DjangoModelFactory[CompanyPartner]):
    class Meta:
        model = CompanyPartner

    company = factory.SubFactory(CompanyFactory)
    doctor = factory.SubFactory(DoctorFactory)
    role = PartnerRole.PARTNER
    joined_on = datetime.date(2015, 9, 1)
