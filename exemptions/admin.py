"""Staff decide the exemption requests: the council's queue, the documents, the decision page.

Every decision goes through `exemptions.services.exemption_request_decide`, which adjusts the
call through the dues' services. Staff accounts carry no council of their own in the portal,
so every staff member with the permission sees every council's requests; the list filters
by council.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from accounts.models import User
from cotisations.admin_tools import with_reason
from cotisations.models import DuesCall
from cotisations.services.adjustments import half_split, payments_beyond
from exemptions.forms import DecisionForm
from exemptions.models import (
    ExemptionDocument,
    ExemptionEvent,
    ExemptionKind,
    ExemptionRequest,
    ExemptionStatus,
)
from exemptions.services import exemption_request_decide
from portal.admin_readonly import ReadOnlyInline
from portal.admin_site import staff_user
from portal.money import euros
from vault.http import decrypted_attachment

GRANT_OF_KIND: dict[str, str] = {
    ExemptionKind.TOTAL: ExemptionStatus.GRANTED_TOTAL,
    ExemptionKind.HALF: ExemptionStatus.GRANTED_HALF,
}


def decision_outcome(call: DuesCall, decision: str) -> str:
    """What `decision` would do to `call`, in words, before staff confirm it."""
    if decision == ExemptionStatus.REFUSED:
        return f"la cotisation reste de {euros(call.amount_cents)}."
    if decision == ExemptionStatus.GRANTED_TOTAL:
        new_amount, text = 0, "la cotisation devient exonérée"
    else:
        new_amount = sum(half_split(call))
        text = f"la cotisation passe de {euros(call.amount_cents)} à {euros(new_amount)}"
    beyond = payments_beyond(call=call, keep_up_to_cents=new_amount)
    if beyond:
        total = sum(p.amount_cents for p in beyond)
        text += (
            f"\u00a0; {euros(total)} déjà réglés seront à rembourser "
            "(règlements «\u00a0À rembourser\u00a0», action «\u00a0Rembourser\u00a0»)"
        )
    return text + "."


def grant_as_asked(*, request_id: int, reason: str, actor: User) -> ExemptionRequest:
    kind = ExemptionRequest.objects.values_list("kind", flat=True).get(pk=request_id)
    return exemption_request_decide(
        request_id=request_id, staff=actor, decision=GRANT_OF_KIND[kind], reason=reason
    )


def refuse(*, request_id: int, reason: str, actor: User) -> ExemptionRequest:
    return exemption_request_decide(
        request_id=request_id, staff=actor, decision=ExemptionStatus.REFUSED, reason=reason
    )


class EventInline(ReadOnlyInline):
    model = ExemptionEvent
    fields = readonly_fields = ("at", "step", "actor", "email_sent_at")


@admin.register(ExemptionRequest)
class ExemptionRequestAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "doctor",
        "year",
        "council",
        "kind",
        "reason",
        "status",
        "created_at",
    ]
    list_filter = ["status", "kind", "reason", "council", "call__campaign__year"]
    search_fields = ["=call__doctor__rpps", "call__doctor__last_name", "user__email"]
    search_help_text = "Numéro RPPS ou nom du médecin, adresse électronique du compte."
    list_select_related = ["call__doctor", "call__campaign", "council"]
    ordering = ["-created_at", "-pk"]
    inlines = [EventInline]
    actions = ["grant_requested", "refuse_requests"]
    fields = readonly_fields = (
        "decision_link",
        "call",
        "user",
        "council",
        "kind",
        "reason",
        "explanation",
        "documents_list",
        "status",
        "decision_reason",
        "decided_by",
        "decided_at",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="médecin", ordering="call__doctor__last_name")
    def doctor(self, obj: ExemptionRequest) -> str:
        return str(obj.call.doctor)

    @admin.display(description="année", ordering="call__campaign__year")
    def year(self, obj: ExemptionRequest) -> int:
        return obj.call.campaign.year

    @admin.display(description="justificatifs")
    def documents_list(self, obj: ExemptionRequest) -> str:
        documents = list(obj.documents.all())
        if not documents:
            return "Aucun justificatif joint."
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:exemptions_exemptionrequest_document", args=[obj.pk, d.pk]), d)
                for d in documents
            ),
        )

    @admin.display(description="décision")
    def decision_link(self, obj: ExemptionRequest) -> str:
        if obj.pk is None or not obj.is_open:
            return "Demande close."
        url = reverse("admin:exemptions_exemptionrequest_decision", args=[obj.pk])
        return format_html('<a class="button" href="{}">Décider</a>', url)

    @admin.action(description="Accorder l’exonération demandée (motif demandé)")
    def grant_requested(
        self, request: HttpRequest, queryset: QuerySet[ExemptionRequest]
    ) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset.select_related("call"),
            "Exonération accordée",
            grant_as_asked,
            "request_id",
            note=lambda obj: decision_outcome(obj.call, GRANT_OF_KIND[obj.kind]),
        )

    @admin.action(description="Refuser les demandes sélectionnées (motif demandé)")
    def refuse_requests(
        self, request: HttpRequest, queryset: QuerySet[ExemptionRequest]
    ) -> HttpResponse | None:
        return with_reason(self, request, queryset, "Demande refusée", refuse, "request_id")

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/decision/",
                self.admin_site.admin_view(self.decision_view),
                name="exemptions_exemptionrequest_decision",
            ),
            path(
                "<int:pk>/justificatifs/<uuid:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="exemptions_exemptionrequest_document",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        exemption = get_object_or_404(
            ExemptionRequest.objects.select_related("call__doctor", "call__campaign", "council"),
            pk=pk,
        )
        if not self.has_change_permission(request, exemption):
            raise PermissionDenied
        form = DecisionForm(
            request.POST or None, initial={"decision": GRANT_OF_KIND[exemption.kind]}
        )
        if request.method == "POST" and form.is_valid():
            try:
                exemption_request_decide(
                    request_id=exemption.pk,
                    staff=staff_user(request),
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    "La décision est enregistrée\u00a0; le médecin est prévenu par courriel.",
                )
                return redirect("admin:exemptions_exemptionrequest_change", exemption.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Décision\u00a0: {exemption}",
            "exemption": exemption,
            "documents": exemption.documents.all(),
            "outcomes": [
                (label, decision_outcome(exemption.call, value))
                for value, label in form.fields["decision"].choices  # type: ignore[attr-defined]
            ],
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            "exemptions/admin_decision.html",
            context,
            status=400 if form.errors else 200,
        )

    def document_view(
        self, request: HttpRequest, pk: int, document_id: Any
    ) -> HttpResponse | StreamingHttpResponse:
        document = get_object_or_404(
            ExemptionDocument.objects.select_related("request"), request_id=pk, pk=document_id
        )
        if not self.has_view_permission(request, document.request):
            raise PermissionDenied
        return decrypted_attachment(document)
