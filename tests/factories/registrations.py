"""First-registration requests (their documents go through `registration_document_add`)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from registrations.models import RegistrationRequest
from tests.factories.accounts import UserFactory


class RegistrationRequestFactory(DjangoModelFactory[RegistrationRequest]):
    """A draft of a new applicant, blank but for the address; `complete=True` fills every
    step (the documents excepted) as Camille Lefèvre, intern in Lyon, would."""

    class Meta:
        model = RegistrationRequest

    class Params:
        complete = factory.Trait(
            civility="MME",
            last_name="Lefèvre",
            first_name="Camille",
            birth_date=datetime.date(1998, 3, 14),
            birth_place="Lyon (France)",
            nationality="française",
            university="Université Claude Bernard Lyon 1",
            study_year=8,
            phase="third_cycle",
            department="69",
            phone="0612345678",
            street="3 rue Garibaldi",
            postcode="69003",
            city="Lyon",
        )

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda request: request.user.email)
