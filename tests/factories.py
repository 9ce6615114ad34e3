"""Factories shared by every app's tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
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

TEST_PASSWORD = "motdepasse-solide-2026"


def factory_rpps(n: int) -> str:
    """A Luhn-valid RPPS; the "99" prefix never meets seed_roll's "10" numbers."""
    payload = f"99{n:08d}"
    return payload + luhn_check_digit(payload)


class DoctorFactory(DjangoModelFactory[Doctor]):
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


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.test")
    first_name = "Jean"
    last_name = "Dupont"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    # Declared after `password`, so it runs after set_password and stores its hash.
    @factory.post_generation
    def _save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save(update_fields=["password"])


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
