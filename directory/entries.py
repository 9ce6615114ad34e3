"""A doctor as the public directory shows them: public fields only, and a practice status.

The directory reads only the columns in PUBLIC_FIELDS, so a private field (email, date of
birth, anything added to the roll later) cannot reach a page or the API by mistake.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models

from roll.data.geography import DEPARTMENTS_BY_CODE
from roll.display import practice_status_label
from roll.models import Civility, DoctorStatus

PUBLIC_FIELDS: tuple[str, ...] = (
    "rpps",
    "civility",
    "last_name",
    "first_name",
    "specialty",
    "department",
    "street",
    "postcode",
    "city",
    "status",
)


class PracticeStatus(models.TextChoices):
    AUTHORISED = "authorised", "Inscrit au tableau, autorisé à exercer"
    RETIRED = "retired", "Retraité"
    NOT_AUTHORISED = "not_authorised", "Non autorisé à exercer"


# A suspended or struck-off doctor must never read as active: the mapping is explicit and a
# status missing from it falls back to "not authorised" (see practice_status).
_PRACTICE_STATUS = {
    DoctorStatus.ACTIVE: PracticeStatus.AUTHORISED,
    DoctorStatus.RETIRED_ACTIVE: PracticeStatus.AUTHORISED,
    DoctorStatus.RETIRED: PracticeStatus.RETIRED,
    DoctorStatus.SUSPENDED: PracticeStatus.NOT_AUTHORISED,
    DoctorStatus.STRUCK_OFF: PracticeStatus.NOT_AUTHORISED,
}


def practice_status(status: str) -> PracticeStatus:
    return _PRACTICE_STATUS.get(status, PracticeStatus.NOT_AUTHORISED)  # type: ignore[call-overload]


@dataclass(frozen=True)
class PublicEntry:
    rpps: str
    civility: str
    civility_label: str
    last_name: str
    first_name: str
    specialty: str
    department: str
    department_name: str
    street: str
    postcode: str
    city: str
    practice_status: str
    practice_status_label: str

    @property
    def authorised_to_practise(self) -> bool:
        return self.practice_status == PracticeStatus.AUTHORISED

    @property
    def full_name(self) -> str:
        return f"Dr {self.first_name} {self.last_name}"

    @property
    def has_address(self) -> bool:
        return bool(self.street or self.postcode or self.city)


def public_entry(row: dict[str, Any]) -> PublicEntry:
    """The public entry for a row of PUBLIC_FIELDS values (from `.values(*PUBLIC_FIELDS)`)."""
    status = practice_status(row["status"])
    department = DEPARTMENTS_BY_CODE.get(row["department"])
    civility = row["civility"]
    return PublicEntry(
        rpps=row["rpps"],
        civility=civility,
        civility_label=Civility(civility).label if civility in Civility.values else "",
        last_name=row["last_name"],
        first_name=row["first_name"],
        specialty=row["specialty"],
        department=row["department"],
        department_name=department.name if department else "",
        street=row["street"],
        postcode=row["postcode"],
        city=row["city"],
        practice_status=status.value,
        practice_status_label=practice_status_label(
            practice_status=status.value, label=str(status.label), civility=civility
        ),
    )
