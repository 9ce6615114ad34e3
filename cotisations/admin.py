"""Staff side of the dues: campaigns, calls, cheques and transfers, refunds, reminders.

Every action goes through the services, so the admin obeys the same rules as the site.
"""

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from cotisations import admin_dashboards, selectors
from cotisations.admin_tools import csv_rows, payments_csv_rows, with_reason
from cotisations.documents import payment_receipt
from cotisations.models import (
    Campaign,
    DuesCall,
    DuesCallStatusChange,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ReminderLog,
    Tariff,
)
from cotisations.services.calls import (
    dues_call_cancel,
    dues_call_exempt,
    payment_offline_check,
    payment_record_offline,
    payment_refund,
    payment_refunds_through_provider,
)
from cotisations.services.campaigns import campaign_open_calls, campaign_set_reminders_paused
from portal.admin_filters import DepartmentFilter
from portal.admin_readonly import ReadOnlyInline
from portal.admin_rows import LabelledTabularInline
from portal.admin_site import staff_user
from portal.downloads import private_headers
from portal.french_format import french_count, plural_fr
from portal.money import euros


class TariffInline(LabelledTabularInline):
    model = Tariff
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("year", "call_date", "deadline", "status", "reminders_paused", "links")
    list_filter = ("status", "reminders_paused")
    inlines = [TariffInline]
    actions = ["open_calls", "pause_reminders", "resume_reminders"]

    @admin.display(description="Suivi")
    def links(self, campaign: Campaign) -> str:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}/totaux/">Totaux par département</a> · '
            '<a href="tableau-de-bord/?annee={}">Tableau de bord</a> · '
            '<a href="{}/export.csv">Export CSV</a> · '
            '<a href="{}/reglements.csv">Export CSV des règlements</a>',
            campaign.pk,
            campaign.year,
            campaign.pk,
            campaign.pk,
        )

    @admin.action(description="Créer les appels de cotisation manquants")
    def open_calls(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        for campaign in queryset:
            try:
                created = campaign_open_calls(campaign_id=campaign.pk)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                f"{campaign}\u00a0: {french_count(created, 'appel')} créé{plural_fr(created)}.",
                messages.SUCCESS,
            )

    @admin.action(description="Suspendre les relances")
    def pause_reminders(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        for campaign in queryset:
            campaign_set_reminders_paused(campaign_id=campaign.pk, paused=True)
        self.message_user(request, "Relances suspendues.", messages.SUCCESS)

    @admin.action(description="Reprendre les relances")
    def resume_reminders(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        for campaign in queryset:
            campaign_set_reminders_paused(campaign_id=campaign.pk, paused=False)
        self.message_user(request, "Relances reprises.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "tableau-de-bord/",
                self.admin_site.admin_view(self.dashboard_view),
                name="cotisations_dashboard",
            ),
            path(
                "<int:campaign_id>/totaux/",
                self.admin_site.admin_view(self.totals_view),
                name="cotisations_campaign_totals",
            ),
            path(
                "<int:campaign_id>/export.csv",
                self.admin_site.admin_view(self.export_view),
                name="cotisations_campaign_export",
            ),
            path(
                "<int:campaign_id>/reglements.csv",
                self.admin_site.admin_view(self.payments_export_view),
                name="cotisations_campaign_payments_export",
            ),
        ]
        return own + super().get_urls()

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        return admin_dashboards.dashboard_view(request, self.admin_site.each_context(request))

    def totals_view(self, request: HttpRequest, campaign_id: int) -> HttpResponse:
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        rows = selectors.totals_by_department(year=campaign.year)
        for row in rows:
            row["called"] = euros(int(row["called_cents"] or 0))  # type: ignore[call-overload]
            row["paid"] = euros(int(row["paid_cents"] or 0))  # type: ignore[call-overload]
            row["rate"] = f"{int(row['rate_permille']) / 10:.1f} %".replace(".", ",")  # type: ignore[call-overload]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{campaign} : totaux par département",
            "campaign": campaign,
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "cotisations/admin/totals.html", context)

    def export_view(self, request: HttpRequest, campaign_id: int) -> StreamingHttpResponse:
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        return _csv_response(csv_rows(campaign), f"cotisations-{campaign.year}.csv")

    def payments_export_view(self, request: HttpRequest, campaign_id: int) -> StreamingHttpResponse:
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        return _csv_response(payments_csv_rows(campaign), f"reglements-{campaign.year}.csv")


def _csv_response(rows: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    private_headers(response)
    return response


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = readonly_fields = (
        "received_on",
        "method",
        "amount_cents",
        "reference",
        "status",
        "provider",
        "receipt_number",
    )
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Payment]:
        return super().get_queryset(request).select_related("receipt")

    @admin.display(description="n° de reçu")
    def receipt_number(self, payment: Payment) -> str:
        return receipt_label(payment)


RECEIPT_NUMBER = re.compile(r"(\d{4})-(\d{6})")


def receipt_label(payment: Payment) -> str:
    """`2027-000123 (69)`: the number and its council's series; a dash without a receipt."""
    receipt = payment_receipt(payment)
    return f"{receipt.number} ({receipt.council})" if receipt else "–"


class HistoryInline(ReadOnlyInline):
    model = DuesCallStatusChange
    fields = readonly_fields = ("created_at", "from_status", "to_status", "reason", "actor")


class ReminderInline(ReadOnlyInline):
    model = ReminderLog
    fields = readonly_fields = ("kind", "sent_at")


@admin.register(DuesCall)
class DuesCallAdmin(admin.ModelAdmin):
    list_display = (
        "doctor",
        "company",
        "year",
        "category",
        "department",
        "amount",
        "paid",
        "status",
    )
    list_filter = ("campaign__year", "status", "category", DepartmentFilter)
    search_fields = ("doctor__rpps", "doctor__last_name", "company__siren", "company__name")
    list_select_related = ("doctor", "campaign", "company")
    raw_id_fields = ("doctor",)
    inlines = [PaymentInline, HistoryInline, ReminderInline]
    actions = ["cancel_calls", "exempt_calls"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in DuesCall._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="année", ordering="campaign__year")
    def year(self, call: DuesCall) -> int:
        return call.campaign.year

    @admin.display(description="montant")
    def amount(self, call: DuesCall) -> str:
        return euros(call.amount_cents)

    @admin.display(description="réglé")
    def paid(self, call: DuesCall) -> str:
        return euros(call.paid_cents)

    @admin.action(description="Annuler les appels sélectionnés (motif demandé)")
    def cancel_calls(self, request: HttpRequest, queryset: QuerySet[DuesCall]) -> Any:
        return with_reason(self, request, queryset, "Annulation", dues_call_cancel, "call_id")

    @admin.action(description="Exonérer les médecins sélectionnés (motif demandé)")
    def exempt_calls(self, request: HttpRequest, queryset: QuerySet[DuesCall]) -> Any:
        return with_reason(self, request, queryset, "Exonération", dues_call_exempt, "call_id")


class OfflinePaymentForm(forms.ModelForm):
    """A cheque or a transfer; amounts in euros as people write them."""

    amount = forms.DecimalField(
        label="Montant (€)",
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        localize=True,  # "100,50" as staff write it
    )
    method = forms.ChoiceField(
        label="Moyen de paiement",
        choices=[(PaymentMethod.CHEQUE, "Chèque"), (PaymentMethod.TRANSFER, "Virement")],
    )

    class Meta:
        model = Payment
        fields = ("call", "method", "received_on", "reference")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        call, amount = data.get("call"), data.get("amount")
        if call is not None and amount is not None:
            data["amount_cents"] = int(amount * 100)
            try:
                payment_offline_check(call=call, amount_cents=data["amount_cents"])
            except ValidationError as error:
                self.add_error(None, error)
        if not data.get("received_on"):
            data["received_on"] = timezone.localdate()
        return data


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "receipt_number",
        "call",
        "method",
        "provider",
        "amount_display",
        "received_on",
        "status",
        "reference",
    )
    list_filter = ("method", "status", "provider", "call__campaign__year")
    search_fields = ("call__doctor__rpps", "call__doctor__last_name", "reference")
    list_select_related = ("call__doctor", "call__campaign", "receipt")
    raw_id_fields = ("call",)
    actions = ["refund"]

    @admin.display(description="montant")
    def amount_display(self, payment: Payment) -> str:
        return euros(payment.amount_cents)

    @admin.display(description="n° de reçu", ordering="receipt__sequence")
    def receipt_number(self, payment: Payment) -> str:
        return receipt_label(payment)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Payment], search_term: str
    ) -> tuple[QuerySet[Payment], bool]:
        """A receipt number (`2027-000123`) finds its payments (one per council's series)."""
        number = RECEIPT_NUMBER.fullmatch(search_term.strip())
        if number:
            year, sequence = int(number[1]), int(number[2])
            return queryset.filter(receipt__year=year, receipt__sequence=sequence), False
        return super().get_search_results(request, queryset, search_term)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = OfflinePaymentForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("call", "method", "amount", "received_on", "reference")
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ["receipt_number", *(field.name for field in Payment._meta.concrete_fields)]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Payment, form: Any, change: bool) -> None:
        if change:
            return
        data = form.cleaned_data
        payment = payment_record_offline(
            call_id=data["call"].pk,
            amount_cents=data["amount_cents"],
            method=data["method"],
            received_on=data["received_on"],
            reference=data.get("reference", ""),
            actor=staff_user(request),
        )
        obj.pk = payment.pk

    @admin.action(description="Rembourser les règlements sélectionnés (motif demandé)")
    def refund(self, request: HttpRequest, queryset: QuerySet[Payment]) -> Any:
        return with_reason(
            self,
            request,
            queryset,
            "Remboursement",
            payment_refund,
            "payment_id",
            note=refund_note,
        )


def refund_note(payment: Payment) -> str:
    """What the refund action will do with `payment`, shown before staff confirm."""
    if payment.status == PaymentStatus.REFUNDED:
        return "déjà remboursé : rien ne sera fait."
    if payment_refunds_through_provider(payment):
        return (
            f"{euros(payment.amount_cents)} remboursés sur la carte bancaire du médecin "
            "par le prestataire de paiement."
        )
    return (
        f"{euros(payment.amount_cents)} marqués remboursés seulement : l’argent est rendu "
        "au médecin hors du portail (chèque, virement)."
    )


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("call", "kind", "sent_at")
    list_filter = ("kind", "call__campaign__year")
    search_fields = ("call__doctor__rpps",)
    list_select_related = ("call__doctor", "call__campaign")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


from cotisations import admin_events, admin_instalments  # noqa: E402, F401  (register theirs)
