"""A first-registration request with every step filled in, ready for its documents."""

import datetime

from accounts.models import User
from registrations.models import RegistrationRequest, Specialty


def complete_request(user: User, *, email: str, specialty: Specialty | None) -> RegistrationRequest:
    return RegistrationRequest.objects.create(
        user=user,
        civility="MME",
        last_name="Lefèvre",
        first_name="Camille",
        birth_date=datetime.date(1998, 3, 14),
        birth_place="Lyon (France)",
        nationality="française",
        university="Université Claude Bernard Lyon 1",
        study_year=8,
        phase="third_cycle",
        specialty=specialty,
        department="69",
        email=email,
        phone="0612345678",
        street="3 rue Garibaldi",
        postcode="69003",
        city="Lyon",
    )
