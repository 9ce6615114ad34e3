"""The app register's part of the data export: what the person did there, in each role.

As a publisher: the company registered, every application (each field, its status, label,
history, evidence texts, evidence documents — their files when the person asked for their
documents, through the same `uploaded_document` as the other sections —, the material
changes declared). As a doctor: the problem reports sent. As an assessor: the body, the
result recorded per criterion and the recommendations given.
"""

from typing import Any

from accounts.models import User
from appregister.models import (
    PLATFORM_FIELDS,
    AppApplication,
    BodyMembership,
    CriterionResult,
    Label,
    ProblemReport,
    Publisher,
    Recommendation,
)
from appregister.services.applications import DEVICE_FIELDS, STEP_FIELDS
from privacy.export.registry import ExportFiles, Section
from privacy.export.uploads import uploaded_document
from privacy.export.values import row
from vault.validation import sanitize_name

FOLDER = "applications-de-sante"

# What the publisher typed at each step (the forms' own lists), then the council's side.
APPLICATION_FIELDS = [
    "status",
    *(name for fields in STEP_FIELDS.values() for name in fields),
    *PLATFORM_FIELDS,
    *DEVICE_FIELDS,
    "council_message",
    "refusal_reason",
    "submitted_at",
    "complete_at",
    "decided_at",
    "created_at",
    "updated_at",
]
CHANGE_FIELDS = ["kind", "new_version", "description", "effective_on", "declared_at", "reviewed_at"]
LABEL_FIELDS = [
    "number",
    "valid_from",
    "valid_until",
    "suspended_at",
    "suspension_reason",
    "withdrawn_at",
    "withdrawal_reason",
]


def _label(application: AppApplication) -> dict[str, Any] | None:
    try:
        label: Label = application.label
    except Label.DoesNotExist:
        return None
    return row(label, LABEL_FIELDS)


def _application(application: AppApplication, files: ExportFiles) -> dict[str, Any]:
    folder = f"{FOLDER}/{sanitize_name(application.name or f'demande-{application.pk}')}"
    documents = []
    for document in application.documents.select_related("criterion").order_by("created_at"):
        out = uploaded_document(
            document, files, folder=folder, with_content=files.include_documents
        )
        out["criterion"] = document.criterion.code
        out["created_at"] = document.created_at.isoformat()
        documents.append(out)
    return {
        "id": application.pk,
        **row(application, APPLICATION_FIELDS),
        "framework_version": application.framework.number,
        "body": application.body.name if application.body else None,
        "label": _label(application),
        "evidence": [
            {"criterion": e.criterion.code, **row(e, ["text", "updated_at"])}
            for e in application.evidence.select_related("criterion")
        ],
        "documents": documents,
        "history": [
            row(event, ["from_status", "to_status", "message", "at"])
            for event in application.history.order_by("at", "pk")
        ],
        "material_changes": [
            row(change, CHANGE_FIELDS)
            for change in application.material_changes.order_by("declared_at", "pk")
        ],
    }


def _publisher(user: User, files: ExportFiles) -> dict[str, Any] | None:
    publisher = Publisher.objects.filter(user=user).first()
    if publisher is None:
        return None
    applications = publisher.applications.select_related("framework", "body").order_by(
        "created_at", "pk"
    )
    return {
        **row(publisher, ["company_name", "siren", "contact_name", "contact_phone", "created_at"]),
        "applications": [_application(a, files) for a in applications],
    }


def _assessor(user: User) -> dict[str, Any] | None:
    membership = BodyMembership.objects.filter(user=user).select_related("body").first()
    results = CriterionResult.objects.filter(assessor=user).select_related(
        "application", "criterion"
    )
    recommendations = Recommendation.objects.filter(assessor=user).select_related(
        "application", "body", "framework"
    )
    if membership is None and not results.exists() and not recommendations.exists():
        return None
    return {
        "body": membership.body.name if membership else None,
        "member_since": membership.created_at.isoformat() if membership else None,
        "results": [
            {
                "application": str(r.application),
                "criterion": r.criterion.code,
                **row(r, ["result", "comment", "evidence_reviewed", "at"]),
            }
            for r in results.order_by("at", "pk")
        ],
        "recommendations": [
            {
                "application": str(r.application),
                "body": r.body.name,
                "framework_version": r.framework.number,
                **row(r, ["outcome", "summary", "at"]),
            }
            for r in recommendations.order_by("at", "pk")
        ],
    }


def _report(report: ProblemReport) -> dict[str, Any]:
    label = _label(report.application)
    return {
        "application": str(report.application),
        "label_number": label["number"] if label else None,
        **row(report, ["message", "created_at", "acknowledged_at", "handled_at"]),
    }


def appregister_part(user: User, files: ExportFiles) -> dict[str, Any]:
    reports = ProblemReport.objects.filter(reporter=user).select_related("application")
    return {
        "publisher": _publisher(user, files),
        "problem_reports": [_report(r) for r in reports.order_by("created_at", "pk")],
        "assessor": _assessor(user),
    }


SECTION = Section(
    key="appregister",
    title="Le registre des applications de santé",
    description=(
        "Vos demandes de label en tant qu’éditeur (avec leurs pièces si vous les avez "
        "demandées), vos signalements de médecin et, si vous êtes évaluateur, vos évaluations."
    ),
    collect=appregister_part,
)
