"""Staff review first registrations: filter, open documents (logged), ask, approve, reject."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from portal.admin_filters import DepartmentFilter
from portal.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from portal.admin_site import staff_user
from portal.ratelimit import client_address
from registrations import services
from registrations.forms import DecisionForm
from registrations.models import (
    STEP_FIELDS,
    DocumentAccess,
    RegistrationDocument,
    RegistrationRequest,
    RegistrationStatus,
    Specialty,
    StatusChange,
)
from vault.http import decrypted_attachment


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class DocumentInline(ReadOnlyInline):
    model = RegistrationDocument
    fields = readonly_fields = ("kind", "open_link", "size", "content_type", "created_at")

    @admin.display(description="fichier")
    def open_link(self, document: RegistrationDocument) -> str:
        url = reverse(
            "admin:registrations_document_download", args=[document.request_id, document.pk]
        )
        return format_html('<a href="{}">{}</a>', url, document.display_name)


class HistoryInline(ReadOnlyInline):
    model = StatusChange
    fields = readonly_fields = ("at", "from_status", "to_status", "actor", "message")


class RequestDepartmentFilter(DepartmentFilter):
    # The request's own wording and parameter, as before the filter was shared.
    title = "département"
    parameter_name = "departement"


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "department", "specialty", "phase", "submitted_at"]
    list_filter = ["status", RequestDepartmentFilter, "phase"]
    search_fields = ["last_name", "first_name", "email", "user__email", "rpps"]
    list_select_related = ["user", "specialty"]
    inlines = [DocumentInline, HistoryInline]
    readonly_fields = ["decision_link"]
    fieldsets = [
        (None, {"fields": ["decision_link", "status", "user"]}),
        ("Identité", {"fields": STEP_FIELDS["identite"]}),
        ("Études", {"fields": STEP_FIELDS["etudes"]}),
        ("Coordonnées", {"fields": STEP_FIELDS["coordonnees"]}),
        (
            "Décision",
            {
                "fields": [
                    "staff_message",
                    "rejection_reason",
                    "rpps",
                    "doctor",
                    "submitted_at",
                    "decided_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every change goes through the decision page's services, never a raw edit.
        return [str(f) for _, options in self.fieldsets for f in options["fields"]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="examen")
    def decision_link(self, obj: RegistrationRequest) -> str:
        if obj.pk is None or obj.status != RegistrationStatus.SUBMITTED:
            return "Aucune décision à prendre à ce statut."
        url = reverse("admin:registrations_decision", args=[obj.pk])
        return format_html('<a class="button" href="{}">Décider</a>', url)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/decision/",
                self.admin_site.admin_view(self.decision_view),
                name="registrations_decision",
            ),
            path(
                "<int:pk>/documents/<uuid:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="registrations_document_download",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(RegistrationRequest, pk=pk)
        if not self.has_change_permission(request, registration):
            return redirect("admin:index")
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            actor = staff_user(request)
            data = form.cleaned_data
            try:
                if "_request_documents" in request.POST:
                    services.registration_request_documents(
                        registration=registration, actor=actor, message=data["message"]
                    )
                    done = "Les documents sont demandés ; l’interne est prévenu par courriel."
                elif "_approve" in request.POST:
                    services.registration_approve(
                        registration=registration, actor=actor, rpps=data["rpps"]
                    )
                    done = "La demande est acceptée et l’interne est inscrit au tableau."
                elif "_reject" in request.POST:
                    services.registration_reject(
                        registration=registration, actor=actor, reason=data["reason"]
                    )
                    done = "La demande est refusée ; l’interne est prévenu par courriel."
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
                return redirect("admin:registrations_registrationrequest_change", registration.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Décision : {registration}",
            "registration": registration,
            "documents": registration.documents.all(),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "registrations/admin_decision.html", context)

    def document_view(
        self, request: HttpRequest, pk: int, document_id: str
    ) -> HttpResponse | StreamingHttpResponse:
        document = get_object_or_404(
            RegistrationDocument.objects.select_related("request"), pk=document_id, request_id=pk
        )
        if not self.has_view_permission(request, document.request):
            return render(request, "403.html", status=403)
        services.document_access_record(
            document=document, actor=staff_user(request), ip=client_address(request)
        )
        return decrypted_attachment(document)


@admin.register(DocumentAccess)
class DocumentAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "document", "ip_address"]
    search_fields = ["actor__email", "document__request__last_name"]
    list_select_related = ["actor", "document__request"]
    fields = readonly_fields = ("at", "actor", "document", "ip_address")
