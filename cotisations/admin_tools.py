"""Admin helpers: the streamed CSV export for accounting, and actions that ask for a reason."""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cotisations.models import (
    Campaign,
    DuesCall,
    Payment,
    PaymentMethod,
    PaymentStatus,
    receipt_number,
)
from portal.admin_site import staff_user
from portal.french_format import french_count
from portal.money import decimal_comma


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "annee",
    "rpps",
    "nom",
    "prenom",
    "departement",
    "categorie",
    "part_departementale",
    "part_regionale",
    "part_nationale",
    "montant",
    "regle",
    "solde",
    "etat",
    # A company's dues: the payer above is its designated partner.
    "siren_societe",
    "societe",
]
# Per call, what each method brought (succeeded payments), then what came back or is disputed.
METHOD_COLUMNS = {
    "carte": PaymentMethod.CARD,
    "fractionne": PaymentMethod.INSTALMENT,
    "cheque": PaymentMethod.CHEQUE,
    "virement": PaymentMethod.TRANSFER,
    "prelevement_sepa": PaymentMethod.SEPA_DEBIT,
}
STATUS_COLUMNS = {"rejete": PaymentStatus.RETURNED, "conteste": PaymentStatus.DISPUTED}


def _payment_sums() -> dict[str, Sum]:
    sums = {
        column: Sum(
            "payments__amount_cents",
            filter=Q(payments__method=method, payments__status=PaymentStatus.SUCCEEDED),
        )
        for column, method in METHOD_COLUMNS.items()
    }
    for column, status in STATUS_COLUMNS.items():
        sums[column] = Sum("payments__amount_cents", filter=Q(payments__status=status))
    return sums


def csv_rows(campaign: Campaign) -> Iterator[str]:
    """One line at a time from a server-side cursor: flat memory even at 261,378 rows."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([*CSV_HEADER, *METHOD_COLUMNS, *STATUS_COLUMNS])
    sums = _payment_sums()
    rows = (
        DuesCall.objects.filter(campaign=campaign)
        .order_by("department", "doctor__last_name", "pk")
        .annotate(**sums)
        .values_list(
            "doctor__rpps",
            "doctor__last_name",
            "doctor__first_name",
            "department",
            "category",
            "departmental_cents",
            "regional_cents",
            "national_cents",
            "amount_cents",
            "paid_cents",
            "status",
            "company__siren",
            "company__name",
            *sums,
        )
        .iterator(chunk_size=5000)
    )
    for (
        rpps,
        last,
        first,
        dept,
        cat,
        dep,
        reg,
        nat,
        amount,
        paid,
        status,
        siren,
        name,
        *by_method,
    ) in rows:
        yield writer.writerow(
            [
                campaign.year,
                rpps,
                last,
                first,
                dept,
                cat,
                decimal_comma(dep),
                decimal_comma(reg),
                decimal_comma(nat),
                decimal_comma(amount),
                decimal_comma(paid),
                decimal_comma(amount - paid),
                status,
                siren or "",
                name or "",
                *(decimal_comma(cents or 0) for cents in by_method),
            ]
        )


PAYMENTS_CSV_HEADER = [
    "annee",
    "numero_recu",
    "serie_recu",
    "rpps",
    "nom",
    "prenom",
    "departement",
    "date",
    "moyen",
    "prestataire",
    "reference_prestataire",
    "reference",
    "montant",
    "etat",
    "motif_remboursement",
    "reference_remboursement",
]


def payments_csv_rows(campaign: Campaign) -> Iterator[str]:
    """Every payment of the campaign, whatever its status, with its receipt number and who
    collected it: the ledger an accountant reconciles with the bank."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(PAYMENTS_CSV_HEADER)
    rows = (
        Payment.objects.filter(call__campaign=campaign)
        .order_by("received_on", "pk")
        .values_list(
            "receipt__council",
            "receipt__sequence",
            "call__doctor__rpps",
            "call__doctor__last_name",
            "call__doctor__first_name",
            "call__department",
            "received_on",
            "method",
            "provider",
            "provider_reference",
            "reference",
            "amount_cents",
            "status",
            "refund_reason",
            "refund_reference",
        )
        .iterator(chunk_size=5000)
    )
    for row in rows:
        council, sequence, rpps, last, first, dept, day, method, provider, provider_ref = row[:10]
        ref, amount, status, reason, refund_ref = row[10:]
        yield writer.writerow(
            [
                campaign.year,
                receipt_number(campaign.year, sequence) if sequence else "",
                council or "",
                rpps,
                last,
                first,
                dept,
                day.isoformat(),
                method,
                provider,
                provider_ref,
                ref,
                decimal_comma(amount),
                status,
                reason,
                refund_ref,
            ]
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Motif", max_length=255)


def with_reason(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    title: str,
    service: Any,
    id_arg: str,
    note: Callable[[Any], str] | None = None,
) -> HttpResponse | None:
    """An admin action that asks for a reason on an intermediate page, then calls `service`.

    `note(obj)`, when given, says on that page what will happen to each object.
    """
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        done = 0
        for obj in queryset:
            try:
                reason = form.cleaned_data["reason"]
                service(**{id_arg: obj.pk}, reason=reason, actor=staff_user(request))
                done += 1
            except ValidationError as exc:
                modeladmin.message_user(
                    request, f"{obj} : {' '.join(exc.messages)}", messages.ERROR
                )
        if done:
            modeladmin.message_user(
                request, f"{title}\u00a0: {french_count(done, 'élément')}.", messages.SUCCESS
            )
        return None
    return render(
        request,
        "cotisations/admin/reason.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "rows": [(obj, note(obj) if note else "") for obj in queryset],
            "form": form,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
        },
    )
