"""A student's or intern's first-registration request, its documents and its history."""

from typing import Any

from accounts.models import User
from privacy.export.registry import ExportFiles, Section
from privacy.export.uploads import uploaded_document
from privacy.export.values import row
from registrations.models import RegistrationRequest

FIELDS = [
    "status",
    "civility",
    "last_name",
    "first_name",
    "birth_date",
    "birth_place",
    "nationality",
    "university",
    "study_year",
    "phase",
    "department",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "staff_message",
    "rejection_reason",
    "rpps",
    "submitted_at",
    "decided_at",
    "created_at",
]


def registrations_part(user: User, files: ExportFiles) -> dict[str, Any]:
    request = RegistrationRequest.objects.filter(user=user).select_related("specialty").first()
    if request is None:
        return {"requests": []}
    documents = []
    for document in request.documents.order_by("created_at"):
        out = uploaded_document(document, files, folder="inscription")
        out["kind"] = document.kind
        # When the council's staff opened it: the dates, not who (article 15: recipients).
        out["opened_by_staff_at"] = [a.at.isoformat() for a in document.accesses.order_by("at")]
        documents.append(out)
    return {
        "requests": [
            {
                **row(request, FIELDS),
                "specialty": request.specialty.name if request.specialty else None,
                "documents": documents,
                "history": [
                    row(change, ["from_status", "to_status", "message", "at"])
                    for change in request.history.order_by("at", "pk")
                ],
            }
        ]
    }


SECTION = Section(
    key="registrations",
    title="Votre demande de première inscription",
    description="Ce que vous avez saisi, les pièces déposées et les étapes de l’instruction.",
    collect=registrations_part,
)
