"""What the person asked the council: contact requests and their exchanges, and changes to
their roll entry with their supporting document."""

from typing import Any

from accounts.models import User
from contact.models import ContactRequest
from privacy.export.registry import ExportFiles, Section
from privacy.export.uploads import uploaded_document
from privacy.export.values import row
from roll.models_changes import ChangeRequest, ChangeRequestDocument


def contact_part(user: User, files: ExportFiles) -> dict[str, Any]:
    requests = ContactRequest.objects.filter(user=user).prefetch_related("messages")
    return {
        "requests": [
            {
                **row(
                    r,
                    ["reference", "topic", "department", "name", "email", "rpps", "message"],
                ),
                **row(r, ["status", "created_at", "closed_at"]),
                "messages": [
                    row(m, ["direction", "body", "sent_at"])
                    for m in r.messages.order_by("sent_at", "pk")
                ],
            }
            for r in requests.order_by("created_at")
        ]
    }


def changes_part(user: User, files: ExportFiles) -> dict[str, Any]:
    requests = ChangeRequest.objects.filter(user=user).prefetch_related("events")
    out = []
    for request in requests.order_by("created_at"):
        try:
            document: ChangeRequestDocument | None = request.document
        except ChangeRequestDocument.DoesNotExist:
            document = None
        out.append(
            {
                **row(request, ["status", "explanation", "refusal_reason", "decided_at"]),
                "created_at": request.created_at.isoformat(),
                "changes": request.changes,
                "document": (
                    uploaded_document(document, files, folder="modifications")
                    if document is not None
                    else None
                ),
                "history": [row(e, ["step", "at"]) for e in request.events.order_by("at", "pk")],
            }
        )
    return {"requests": out}


CONTACT_SECTION = Section(
    key="contact",
    title="Vos demandes de contact",
    description="Les messages envoyés par le formulaire de contact et les réponses de l’Ordre.",
    collect=contact_part,
)

CHANGES_SECTION = Section(
    key="roll_changes",
    title="Vos demandes de modification de votre inscription",
    description="Les changements demandés à votre conseil départemental, et leur suite.",
    collect=changes_part,
)
