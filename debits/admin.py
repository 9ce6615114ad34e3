"""Staff side of direct debits: batches (generate, download, submit), the bank's status
reports, returns entered by hand, mandates and plans. Every action calls the services."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html

from debits.models import (
    DebitBatch,
    DebitPlan,
    DebitReturn,
    Mandate,
    MandateStatus,
    ReturnSource,
    ScheduledDebit,
)
from debits.pain002 import Pain002Invalid
from debits.rcodes import reason_choices
from debits.services.batches import batch_generate, batch_submit
from debits.services.mandates import mandate_revoke
from debits.services.returns import debit_return_record, pain002_import
from portal.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from portal.admin_site import staff_user
from portal.downloads import private_attachment
from portal.french_format import french_count
from portal.money import euros


class GenerateForm(forms.Form):
    collection_date = forms.DateField(
        label="Date de prélèvement",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Les prélèvements prévus jusqu’à cette date et pas encore transmis.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Rapport de statut de la banque (pain.002, XML)")


class ReturnForm(forms.Form):
    reason_code = forms.ChoiceField(label="Code motif (R-transaction)", choices=reason_choices)


class BatchDebitInline(ReadOnlyInline):
    model = ScheduledDebit
    fields = ("end_to_end_id", "mandate", "sequence", "amount_display", "status")
    readonly_fields = fields

    @admin.display(description="montant")
    def amount_display(self, debit: ScheduledDebit) -> str:
        return euros(debit.amount_cents)


@admin.register(DebitBatch)
class DebitBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "message_id",
        "collection_date",
        "status",
        "count",
        "total",
        "created_by",
        "download",
    )
    list_filter = ("status", "collection_date")
    fields = (
        "message_id",
        "collection_date",
        "status",
        "transaction_count",
        "total",
        "created_by",
        "created_at",
        "submitted_at",
        "download",
    )
    readonly_fields = fields
    inlines = [BatchDebitInline]
    actions = ["submit"]
    change_list_template = "debits/admin/batch_changelist.html"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Read-only fields, but the actions need the list's change permission.
        return request.user.is_staff

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # A batch is read, downloaded or submitted (an action), never edited: no save buttons.
        extra = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description="prélèvements", ordering="transaction_count")
    def count(self, batch: DebitBatch) -> str:
        return french_count(batch.transaction_count, "prélèvement", "prélèvements")

    @admin.display(description="montant total")
    def total(self, batch: DebitBatch) -> str:
        return euros(batch.total_cents)

    @admin.display(description="fichier")
    def download(self, batch: DebitBatch) -> str:
        url = reverse("admin:debits_batch_download", args=[batch.pk])
        return format_html('<a href="{}">Télécharger {}.xml</a>', url, batch.message_id)

    @admin.action(description="Marquer comme remis à la banque")
    def submit(self, request: HttpRequest, queryset: QuerySet[DebitBatch]) -> None:
        for batch in queryset:
            batch_submit(batch_id=batch.pk)
        self.message_user(request, "Lots marqués comme remis à la banque.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "generer/",
                self.admin_site.admin_view(self.generate_view),
                name="debits_batch_generate",
            ),
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="debits_batch_import",
            ),
            path(
                "<int:batch_id>/fichier.xml",
                self.admin_site.admin_view(self.download_view),
                name="debits_batch_download",
            ),
        ]
        return own + super().get_urls()

    def _page(self, request: HttpRequest, template: str, title: str, **extra: Any) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }
        return TemplateResponse(request, template, context)

    def generate_view(self, request: HttpRequest) -> HttpResponse:
        initial = {"collection_date": timezone.localdate() + timedelta(days=1)}
        form = GenerateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            before = DebitBatch.objects.count()
            try:
                batch = batch_generate(
                    collection_date=form.cleaned_data["collection_date"], actor=staff_user(request)
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if batch is None:
                    self.message_user(
                        request,
                        "Aucun prélèvement à transmettre pour cette date.",
                        messages.WARNING,
                    )
                    return HttpResponseRedirect(reverse("admin:debits_debitbatch_changelist"))
                if DebitBatch.objects.count() == before:
                    self.message_user(
                        request,
                        f"Aucun nouveau prélèvement : le lot {batch.message_id} existe déjà "
                        "pour cette date.",
                        messages.WARNING,
                    )
                else:
                    self.message_user(
                        request,
                        f"Lot {batch.message_id} généré : "
                        f"{french_count(batch.transaction_count, 'prélèvement', 'prélèvements')}, "
                        f"{euros(batch.total_cents)}.",
                        messages.SUCCESS,
                    )
                return HttpResponseRedirect(
                    reverse("admin:debits_debitbatch_change", args=[batch.pk])
                )
        return self._page(
            request,
            "debits/admin/form.html",
            "Générer un lot de prélèvements (pain.008)",
            form=form,
            submit="Générer le lot",
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = pain002_import(
                    data=form.cleaned_data["file"].read(), actor=staff_user(request)
                )
            except Pain002Invalid as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                text = (
                    f"Rapport {result.report_id} importé : "
                    f"{french_count(result.recorded, 'rejet enregistré', 'rejets enregistrés')}, "
                    f"{french_count(result.already_known, 'déjà connu', 'déjà connus')}, "
                    f"{french_count(result.accepted, 'accepté', 'acceptés')}."
                )
                self.message_user(request, text, messages.SUCCESS)
                if result.unknown:
                    self.message_user(
                        request,
                        f"Références inconnues dans ce lot : {', '.join(result.unknown)}.",
                        messages.WARNING,
                    )
                assert result.batch is not None
                return HttpResponseRedirect(
                    reverse("admin:debits_debitbatch_change", args=[result.batch.pk])
                )
        return self._page(
            request,
            "debits/admin/form.html",
            "Importer un rapport de statut (pain.002)",
            form=form,
            submit="Importer",
            multipart=True,
        )

    def download_view(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        batch = get_object_or_404(DebitBatch, pk=batch_id)
        return private_attachment(
            bytes(batch.xml), filename=f"{batch.message_id}.xml", content_type="application/xml"
        )


@admin.register(ScheduledDebit)
class ScheduledDebitAdmin(ReadOnlyAdmin):
    list_display = (
        "end_to_end_id",
        "doctor",
        "number",
        "due_on",
        "amount",
        "sequence",
        "status",
        "batch",
    )
    list_filter = ("status", "sequence", "due_on")
    search_fields = (
        "end_to_end_id",
        "mandate__reference",
        "plan__call__doctor__rpps",
        "plan__call__doctor__last_name",
    )
    list_select_related = ("plan__call__doctor", "batch")
    actions = ["record_return"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff and obj is None

    @admin.display(description="médecin")
    def doctor(self, debit: ScheduledDebit) -> str:
        return str(debit.plan.call.doctor)

    @admin.display(description="montant")
    def amount(self, debit: ScheduledDebit) -> str:
        return euros(debit.amount_cents)

    @admin.action(description="Enregistrer un rejet de la banque (code motif demandé)")
    def record_return(self, request: HttpRequest, queryset: QuerySet[ScheduledDebit]) -> Any:
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for debit in queryset:
                try:
                    _, new = debit_return_record(
                        debit_id=debit.pk,
                        reason_code=form.cleaned_data["reason_code"],
                        source=ReturnSource.STAFF,
                        actor=staff_user(request),
                    )
                except ValidationError as exc:
                    self.message_user(
                        request, f"{debit.end_to_end_id} : {' '.join(exc.messages)}", messages.ERROR
                    )
                    continue
                done += new
            self.message_user(
                request,
                french_count(done, "rejet enregistré.", "rejets enregistrés."),
                messages.SUCCESS,
            )
            return None
        return self._confirm(request, queryset, form)

    def _confirm(
        self, request: HttpRequest, queryset: QuerySet[ScheduledDebit], form: ReturnForm
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Enregistrer un rejet de prélèvement",
            "opts": self.model._meta,
            "rows": list(queryset),
            "form": form,
            "action": "record_return",
        }
        return TemplateResponse(request, "debits/admin/return.html", context)


class MandatePlanInline(ReadOnlyInline):
    model = DebitPlan
    fields = ("call", "kind", "collection_day", "status", "renew")
    readonly_fields = fields


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "doctor",
        "debtor_name",
        "iban_masked",
        "type",
        "status",
        "accepted_at",
        "last_collected_on",
    )
    list_filter = ("status", "type", "provider")
    search_fields = ("reference", "doctor__rpps", "doctor__last_name", "debtor_name")
    # The IBAN is shown masked only, here too: staff need it in the file, not on screen.
    fields = (
        "reference",
        "doctor",
        "debtor_name",
        "iban_masked",
        "bic",
        "type",
        "status",
        "accepted_at",
        "acceptance_ip",
        "text_version",
        "last_collected_on",
        "revoked_at",
        "provider",
    )
    readonly_fields = fields
    inlines = [MandatePlanInline]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff and obj is None

    @admin.display(description="IBAN")
    def iban_masked(self, mandate: Mandate) -> str:
        return mandate.iban_masked

    @admin.action(description="Révoquer les mandats sélectionnés")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Mandate]) -> None:
        for mandate in queryset.filter(status=MandateStatus.ACTIVE):
            mandate_revoke(mandate=mandate)
        self.message_user(
            request,
            "Mandats révoqués : plus aucun prélèvement ne sera transmis avec eux.",
            messages.SUCCESS,
        )


class PlanDebitInline(ReadOnlyInline):
    model = ScheduledDebit
    fields = ("number", "due_on", "amount_cents", "sequence", "status", "batch", "payment")
    readonly_fields = fields


@admin.register(DebitPlan)
class DebitPlanAdmin(ReadOnlyAdmin):
    list_display = ("pk", "call", "kind", "collection_day", "status", "renew", "created_at")
    list_filter = ("status", "kind", "collection_day", "renew")
    search_fields = ("call__doctor__rpps", "call__doctor__last_name", "mandate__reference")
    inlines = [PlanDebitInline]


@admin.register(DebitReturn)
class DebitReturnAdmin(ReadOnlyAdmin):
    list_display = (
        "debit",
        "reason_code",
        "reason_label",
        "source",
        "source_reference",
        "recorded_by",
        "created_at",
    )
    list_filter = ("source", "reason_code")
    search_fields = ("debit__end_to_end_id", "source_reference")
