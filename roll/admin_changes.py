"""Staff decide the doctors' change requests: council queue, old → new values, decision page."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from portal.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from portal.admin_site import staff_user
from portal.ratelimit import client_address
from roll.forms import RefusalForm
from roll.models import (
    ChangeDocumentAccess,
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    ChangeStatus,
)
from roll.services.changes import (
    change_document_access_record,
    change_request_approve,
    change_request_refuse,
)
from vault.http import decrypted_attachment


class EventInline(ReadOnlyInline):
    model = ChangeRequestEvent
    fields = readonly_fields = ("at", "step", "actor", "email_sent_at")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "council", "status", "changed_fields", "created_at", "decided_at"]
    list_filter = ["status", "council"]
    search_fields = ["=doctor__rpps", "doctor__last_name", "doctor__first_name", "user__email"]
    search_help_text = "Numéro RPPS, nom ou prénom du médecin, adresse électronique du compte."
    list_select_related = ["doctor", "council"]
    ordering = ["-created_at", "-pk"]
    inlines = [EventInline]
    fields = readonly_fields = (
        "decision_link",
        "doctor",
        "user",
        "council",
        "status",
        "changes_table",
        "explanation",
        "document_link",
        "refusal_reason",
        "decided_by",
        "decided_at",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="modifications")
    def changed_fields(self, obj: ChangeRequest) -> str:
        return ", ".join(row["label"] for row in obj.change_rows())

    @admin.display(description="ancienne → nouvelle valeur")
    def changes_table(self, obj: ChangeRequest) -> str:
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (row["label"], row["old"] or "(vide)", row["new"] or "(vide)")
                for row in obj.change_rows()
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>Champ</th><th scope='col'>Au tableau</th>"
            "<th scope='col'>Demandé</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="justificatif")
    def document_link(self, obj: ChangeRequest) -> str:
        document = getattr(obj, "document", None)
        if document is None:
            return "Aucun justificatif joint."
        url = reverse("admin:roll_changerequest_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a> (consultation enregistrée)', url, document)

    @admin.display(description="décision")
    def decision_link(self, obj: ChangeRequest) -> str:
        if obj.pk is None or obj.status != ChangeStatus.PENDING:
            return "Demande déjà décidée."
        url = reverse("admin:roll_changerequest_decision", args=[obj.pk])
        return format_html('<a class="button" href="{}">Décider</a>', url)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/decision/",
                self.admin_site.admin_view(self.decision_view),
                name="roll_changerequest_decision",
            ),
            path(
                "<int:pk>/justificatif/",
                self.admin_site.admin_view(self.document_view),
                name="roll_changerequest_document",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        change_request = get_object_or_404(
            ChangeRequest.objects.select_related("doctor", "council"), pk=pk
        )
        if not self.has_change_permission(request, change_request):
            raise PermissionDenied
        form = RefusalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            staff = staff_user(request)
            try:
                if "_approve" in request.POST:
                    change_request_approve(request=change_request, staff=staff)
                    done = "La demande est acceptée\u00a0: le tableau et l’annuaire sont à jour."
                elif "_refuse" in request.POST:
                    change_request_refuse(
                        request=change_request, staff=staff, reason=form.cleaned_data["reason"]
                    )
                    done = "La demande est refusée\u00a0; le médecin est prévenu par courriel."
                else:
                    raise ValidationError("Choisissez une décision.")
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, done)
                return redirect("admin:roll_changerequest_change", change_request.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Décision\u00a0: {change_request}",
            "change_request": change_request,
            "rows": change_request.change_rows(),
            "document": getattr(change_request, "document", None),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "roll/admin_change_decision.html", context, status=400 if form.errors else 200
        )

    def document_view(self, request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
        document = get_object_or_404(
            ChangeRequestDocument.objects.select_related("request"), request_id=pk
        )
        if not self.has_view_permission(request, document.request):
            return render(request, "403.html", status=403)
        change_document_access_record(
            document=document, actor=staff_user(request), ip=client_address(request)
        )
        return decrypted_attachment(document)


@admin.register(ChangeDocumentAccess)
class ChangeDocumentAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "document", "ip_address"]
    search_fields = ["actor__email", "document__request__doctor__last_name"]
    list_select_related = ["actor", "document"]
    fields = readonly_fields = ("at", "actor", "document", "ip_address")
