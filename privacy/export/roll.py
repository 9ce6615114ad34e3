"""The roll entry the account claimed, and the companies of doctors it is a partner of."""

from typing import Any

from accounts.models import User
from privacy.export.registry import ExportFiles, Section
from privacy.export.values import row
from roll.models import Doctor
from roll.models_companies import CompanyPartner

DOCTOR_FIELDS = [
    "rpps",
    "civility",
    "last_name",
    "first_name",
    "specialty",
    "department",
    "registered_on",
    "status",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "updated_at",
]


def roll_part(user: User, files: ExportFiles) -> dict[str, Any]:
    doctor = Doctor.objects.filter(pk=user.doctor_id).first() if user.doctor_id else None
    if doctor is None:
        return {"doctor": None, "companies": []}
    partners = CompanyPartner.objects.filter(doctor=doctor).select_related("company")
    return {
        "doctor": row(doctor, DOCTOR_FIELDS),
        "companies": [
            {
                "name": partner.company.name,
                "siren": partner.company.siren,
                **row(partner, ["role", "joined_on", "left_on", "is_designated"]),
            }
            for partner in partners.order_by("joined_on")
        ],
    }


SECTION = Section(
    key="roll",
    title="Votre inscription au tableau de l’Ordre",
    description=(
        "Ce que le tableau indique de vous, et les sociétés d’exercice dont vous êtes associé."
    ),
    collect=roll_part,
)
