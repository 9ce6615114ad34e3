"""Doctors on the roll."""

import datetime

import factory
from factory.django import DjangoModelFactory

from roll.models import Civility, Doctor, DoctorStatus
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
