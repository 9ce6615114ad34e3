"""Dues: every call, payment, instalment, receipt and attestation (as PDF), direct-debit
mandates and plans, and exemption requests."""

from typing import Any

from accounts.models import User
from cotisations import documents
from cotisations.models import Attestation, DuesCall, Payment
from cotisations.selectors import dues_history, instalment_list
from debits.models import DebitPlan, Mandate, ScheduledDebit
from exemptions.models import ExemptionRequest
from privacy.export.registry import ExportFiles, Section
from privacy.export.uploads import uploaded_document
from privacy.export.values import cents, row

PDF = "application/pdf"


def _payment(payment: Payment, files: ExportFiles) -> dict[str, Any]:
    receipt = documents.payment_receipt(payment)
    out = {
        **row(payment, ["method", "status", "received_on", "reference", "created_at"]),
        "amount": cents(payment.amount_cents),
        "receipt": None,
    }
    if receipt is not None:
        path = files.add(
            f"cotisations/{documents.receipt_filename(payment)}",
            [documents.receipt_pdf(payment=payment)],
            content_type=PDF,
        )
        out["receipt"] = {"number": receipt.number, "issued_at": receipt.issued_at.isoformat()}
        out["receipt"]["file"] = path
    return out


def _attestation(call: DuesCall, files: ExportFiles) -> dict[str, Any] | None:
    try:
        attestation = call.attestation
    except Attestation.DoesNotExist:
        return None
    path = files.add(
        f"cotisations/{documents.attestation_filename(call)}",
        [documents.attestation_pdf(attestation=attestation)],
        content_type=PDF,
    )
    return {**row(attestation, ["code", "paid_on", "issued_at"]), "file": path}


def _call(call: DuesCall, files: ExportFiles) -> dict[str, Any]:
    return {
        "year": call.campaign.year,
        **row(call, ["category", "department", "status", "created_at"]),
        "amount": cents(call.amount_cents),
        "paid": cents(call.paid_cents),
        "split": {
            "departmental": cents(call.departmental_cents),
            "regional": cents(call.regional_cents),
            "national": cents(call.national_cents),
        },
        "payments": [_payment(p, files) for p in call.payments.all()],
        "instalments": [
            {**row(i, ["number", "due_on", "status"]), "amount": cents(i.amount_cents)}
            for i in instalment_list(call=call)
        ],
        "attestation": _attestation(call, files),
    }


def _mandates(user: User) -> list[dict[str, Any]]:
    mandates = Mandate.objects.filter(doctor_id=user.doctor_id or 0).order_by("accepted_at")
    fields = ["reference", "debtor_name", "iban", "bic", "type", "status", "accepted_at"]
    return [
        row(m, [*fields, "acceptance_ip", "text_version", "last_collected_on", "revoked_at"])
        for m in mandates
    ]


def _plans(user: User) -> list[dict[str, Any]]:
    plans = DebitPlan.objects.filter(call__doctor_id=user.doctor_id or 0).select_related(
        "call__campaign", "mandate"
    )
    out = []
    for plan in plans.order_by("created_at"):
        debits = ScheduledDebit.objects.filter(plan=plan).order_by("number")
        out.append(
            {
                "year": plan.call.campaign.year,
                "mandate": plan.mandate.reference,
                **row(plan, ["kind", "collection_day", "status", "created_at", "ended_at"]),
                "debits": [
                    {**row(d, ["number", "due_on", "status"]), "amount": cents(d.amount_cents)}
                    for d in debits
                ],
            }
        )
    return out


def _exemptions(user: User, files: ExportFiles) -> list[dict[str, Any]]:
    requests = ExemptionRequest.objects.filter(user=user).select_related("call__campaign")
    fields = ["kind", "reason", "explanation", "status", "decision_reason", "decided_at"]
    return [
        {
            "year": r.call.campaign.year,
            **row(r, [*fields, "created_at"]),
            "documents": [
                uploaded_document(d, files, folder=f"exonerations/{r.call.campaign.year}")
                for d in r.documents.all()
            ],
            "history": [row(e, ["step", "at"]) for e in r.events.all()],
        }
        for r in requests.order_by("created_at")
    ]


def dues_part(user: User, files: ExportFiles) -> dict[str, Any]:
    return {
        "calls": [_call(call, files) for call in dues_history(user=user)],
        "mandates": _mandates(user) if user.doctor_id else [],
        "debit_plans": _plans(user) if user.doctor_id else [],
        "exemptions": _exemptions(user, files),
    }


SECTION = Section(
    key="dues",
    title="Vos cotisations",
    description=(
        "Chaque appel de cotisation, paiement et échéance, vos reçus et attestations (en PDF), "
        "vos mandats de prélèvement et vos demandes d’exonération."
    ),
    collect=dues_part,
)
