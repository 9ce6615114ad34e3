"""A synthetic roll for development, demonstrations and load tests.

The same seed always gives the same doctors, and the first N doctors of a seed do not depend on
how many are asked for: re-running, or asking for more, only adds the missing ones. RPPS numbers
are "10" + an 8-digit sequence that starts at an offset drawn from the seed + a Luhn check digit;
emails use the reserved `.test` domain so no message can ever reach a real mailbox.
"""

import bisect
import itertools
import random
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Generic, NamedTuple, TypeVar

from django.db import transaction

from roll.data.geography import DEPARTMENTS
from roll.data.people import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    SPECIALTIES,
    STREET_KINDS,
    STREET_NAMES,
    SURNAMES,
)
from roll.models import Civility, DoctorStatus
from roll.rpps import luhn_check_digit
from roll.services.bulk import doctors_bulk_insert
from roll.services.csv_rows import fold

RPPS_PREFIX = "10"
SEQUENCE_SPAN = 10**8
MAX_DOCTORS = 10**7
EMAIL_DOMAIN = "exemple-medecin.test"
# Dates count back from a fixed day, not from today, so that a seed gives the same rows forever.
REFERENCE_DATE = date(2025, 12, 31)
# Registered for longer than this, a doctor is likely to have retired.
SENIOR_YEARS = 33

T = TypeVar("T")


class SyntheticDoctor(NamedTuple):
    rpps: str
    civility: str
    last_name: str
    first_name: str
    specialty: str
    department: str
    registered_on: date
    status: str
    street: str
    postcode: str
    city: str
    email: str


FIELDS: tuple[str, ...] = SyntheticDoctor._fields


class _Weighted(Generic[T]):
    """Draws from `items` with the given weights in O(log n): one random() and a bisect."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


_SPECIALTIES = _Weighted([name for name, _ in SPECIALTIES], [share for _, share in SPECIALTIES])
_DEPARTMENTS = _Weighted(DEPARTMENTS, [dept.population for dept in DEPARTMENTS])
# Plain strings, not enum members, so that COPY adapts them like any text.
_SENIOR_STATUS = _Weighted(
    [DoctorStatus.RETIRED.value, DoctorStatus.RETIRED_ACTIVE.value, DoctorStatus.ACTIVE.value],
    [55, 25, 20],
)
_STATUS = _Weighted(
    [DoctorStatus.ACTIVE.value, DoctorStatus.SUSPENDED.value, DoctorStatus.STRUCK_OFF.value],
    [992, 5, 3],
)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


_SLUGS = {name: _slug(name) for name in (*SURNAMES, *MALE_FIRST_NAMES, *FEMALE_FIRST_NAMES)}


def _share_of_women(years_registered: float) -> float:
    # Women are most of the recent registrations and a minority of the older ones.
    if years_registered < 15:
        return 0.62
    if years_registered < 30:
        return 0.5
    return 0.3


def synthetic_doctors(*, count: int, seed: int = 0) -> Iterator[SyntheticDoctor]:
    """The first `count` doctors of the synthetic roll for `seed`."""
    # Reproducible fake data, not secrets: a seeded PRNG is what is wanted here.
    rng = random.Random(seed)  # noqa: S311
    first_sequence = random.Random(f"rpps-{seed}").randrange(SEQUENCE_SPAN)  # noqa: S311
    for index in range(count):
        sequence = (first_sequence + index) % SEQUENCE_SPAN
        payload = f"{RPPS_PREFIX}{sequence:08d}"
        years = rng.triangular(0.0, 55.0, 15.0)
        woman = rng.random() < _share_of_women(years)
        first_name = rng.choice(FEMALE_FIRST_NAMES if woman else MALE_FIRST_NAMES)
        last_name = rng.choice(SURNAMES)
        department = _DEPARTMENTS.draw(rng)
        status = (_SENIOR_STATUS if years > SENIOR_YEARS else _STATUS).draw(rng)
        yield SyntheticDoctor(
            rpps=payload + luhn_check_digit(payload),
            civility=Civility.MRS.value if woman else Civility.MR.value,
            last_name=last_name,
            first_name=first_name,
            specialty=_SPECIALTIES.draw(rng),
            department=department.code,
            registered_on=REFERENCE_DATE - timedelta(days=int(years * 365.25)),
            status=status,
            street=f"{rng.randint(1, 180)} {rng.choice(STREET_KINDS)} {rng.choice(STREET_NAMES)}",
            postcode=rng.choice(department.postcodes),
            city=department.prefecture,
            email=f"{_SLUGS[first_name]}.{_SLUGS[last_name]}.{sequence}@{EMAIL_DOMAIN}",
        )


def roll_seed(*, doctors: int, seed: int = 0) -> int:
    """Add the first `doctors` synthetic doctors of `seed` to the roll; return how many were new.

    Doctors whose RPPS is already on the roll are skipped, so running it twice adds nothing.
    """
    if not 0 <= doctors <= MAX_DOCTORS:
        raise ValueError(f"doctors must be between 0 and {MAX_DOCTORS}, not {doctors}")
    rows = synthetic_doctors(count=doctors, seed=seed)
    with transaction.atomic():
        return doctors_bulk_insert(fields=FIELDS, rows=rows, skip_existing=True)
