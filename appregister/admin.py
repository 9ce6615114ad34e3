"""Staff run the register in admin: the framework's versions, the bodies and their assessors,
the applications (assign, decide, suspend or withdraw), doctors' reports, declared changes.

Every change of an application goes through `appregister.services`; its page is read-only
with buttons to the action pages below.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

# The framework's admin registers itself from its own module.
from appregister import admin_framework  # noqa: F401
from appregister.forms import (
    AssignForm,
    BodyMemberForm,
    DecisionForm,
    LabelActionForm,
    errors_to_form,
)
from appregister.models import (
    AppApplication,
    ApplicationEvent,
    ApplicationStatus,
    BodyMembership,
    CertificationBody,
    CriterionResult,
    EvidenceDocument,
    Label,
    MaterialChange,
    ProblemReport,
    Recommendation,
)
from appregister.selectors import application_criteria
from appregister.services import assessment, decisions
from portal.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from portal.admin_site import staff_user
from portal.french_format import french_count, french_date, plural_fr
from vault.http import decrypted_attachment

S = ApplicationStatus


# --- Bodies ---------------------------------------------------------------------------------


class MembershipInline(ReadOnlyInline):
    model = BodyMembership
    fields = readonly_fields = ("user", "created_at")


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "accreditation_number", "accredited_from", "accredited_until"]
    search_fields = ["name", "accreditation_number"]
    inlines = [MembershipInline]
    readonly_fields = ["member_link"]

    @admin.display(description="évaluateurs")
    def member_link(self, obj: CertificationBody) -> str:
        if obj.pk is None:
            return "Enregistrez d’abord l’organisme."
        url = reverse("admin:appregister_certificationbody_member", args=[obj.pk])
        return format_html('<a class="button" href="{}">Créer un compte d’évaluateur</a>', url)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/evaluateur/",
                self.admin_site.admin_view(self.member_view),
                name="appregister_certificationbody_member",
            ),
            *super().get_urls(),
        ]

    def member_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        body = get_object_or_404(CertificationBody, pk=pk)
        if not self.has_change_permission(request, body):
            raise PermissionDenied
        form = BodyMemberForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                assessment.body_member_create(
                    body=body, staff=staff_user(request), **form.cleaned_data
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    "Le compte est créé. L’évaluateur choisit son mot de passe avec "
                    "«\u00a0Mot de passe oublié\u00a0» sur la page de connexion.",
                )
                return redirect("admin:appregister_certificationbody_change", body.pk)
        return _action_page(
            self, request, form, title=f"Nouvel évaluateur\u00a0: {body}", submit="Créer le compte"
        )


# --- Applications ---------------------------------------------------------------------------


def _action_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    submit: str,
    application: AppApplication | None = None,
    blocks: Any = None,
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "appregister/admin/action.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "submit": submit,
            "application": application,
            "blocks": blocks,
            "opts": model_admin.model._meta,
        },
        status=400 if form.errors else 200,
    )


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = (
        "at",
        "from_status",
        "to_status",
        "message",
        "actor",
        "email_sent_at",
    )
    verbose_name_plural = "historique"


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = readonly_fields = ("at", "body", "framework", "outcome", "summary", "assessor")


class ResultInline(ReadOnlyInline):
    model = CriterionResult
    fields = readonly_fields = ("criterion", "result", "comment", "evidence_reviewed", "assessor")


class ChangeInline(ReadOnlyInline):
    model = MaterialChange
    fields = readonly_fields = ("declared_at", "kind", "new_version", "description", "effective_on")


class DeadlineFilter(admin.SimpleListFilter):
    title = "délai de décision"
    parameter_name = "delai"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("depasse", "Dépassé")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AppApplication]) -> Any:
        if self.value() != "depasse":
            return queryset
        today = timezone.localdate()
        late = [a.pk for a in queryset if a.decision_due and a.decision_due < today]
        return queryset.filter(pk__in=late)


@admin.register(AppApplication)
class AppApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "status", "body", "complete_at", "deadline"]
    list_filter = ["status", "body", "framework", DeadlineFilter]
    search_fields = ["name", "publisher__company_name", "label__number"]
    search_help_text = "Nom de l’application, éditeur ou numéro de label."
    list_select_related = ["publisher", "body"]
    inlines = [EventInline, ResultInline, RecommendationInline, ChangeInline]
    fields = readonly_fields = (
        "actions_links",
        "deadline",
        "status",
        "label_summary",
        "publisher",
        "framework",
        "name",
        "version",
        "platforms_list",
        "url",
        "purpose",
        "use_domain",
        "audience",
        "intended_users",
        "regulatory_status",
        "device_class",
        "ce_certificate",
        "hosting_provider",
        "hds_certificate",
        "hosting_location",
        "documents_list",
        "body",
        "assigned_at",
        "council_message",
        "refusal_reason",
        "submitted_at",
        "complete_at",
        "decided_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="décision attendue avant le")
    def deadline(self, obj: AppApplication) -> str:
        due = obj.decision_due
        if due is None:
            return "—"
        late = " (dépassé)" if due < timezone.localdate() else ""
        return f"{french_date(due)}{late}"

    @admin.display(description="plateformes")
    def platforms_list(self, obj: AppApplication) -> str:
        return ", ".join(obj.platforms) or "—"

    @admin.display(description="label")
    def label_summary(self, obj: AppApplication) -> str:
        label = Label.objects.filter(application=obj).first()
        if label is None:
            return "—"
        return (
            f"{label.number}, valable du {french_date(label.valid_from)} "
            f"au {french_date(label.valid_until)}"
        )

    @admin.display(description="documents de preuve")
    def documents_list(self, obj: AppApplication) -> str:
        documents = list(obj.documents.select_related("criterion"))
        if not documents:
            return "Aucun document."
        return format_html_join(
            ", ",
            '<a href="{}">{} ({})</a>',
            (
                (
                    reverse("admin:appregister_appapplication_document", args=[obj.pk, d.pk]),
                    d.display_name,
                    d.criterion.code,
                )
                for d in documents
            ),
        )

    @admin.display(description="actions")
    def actions_links(self, obj: AppApplication) -> str:
        links = []
        if obj.status == S.SUBMITTED:
            links.append(("assign", "Attribuer à un organisme"))
        if obj.status in (S.SUBMITTED, S.ASSESSED):
            links.append(("decision", "Décider"))
        if obj.status in (S.GRANTED, S.SUSPENDED):
            links.append(("label", "Suspendre ou retirer le label"))
        if not links:
            return "Aucune action à ce stade."
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (reverse(f"admin:appregister_appapplication_{name}", args=[obj.pk]), text)
                for name, text in links
            ),
        )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/attribuer/",
                view(self.assign_view),
                name="appregister_appapplication_assign",
            ),
            path(
                "<int:pk>/decision/",
                view(self.decision_view),
                name="appregister_appapplication_decision",
            ),
            path("<int:pk>/label/", view(self.label_view), name="appregister_appapplication_label"),
            path(
                "<int:pk>/documents/<uuid:document_id>/",
                view(self.document_view),
                name="appregister_appapplication_document",
            ),
            *super().get_urls(),
        ]

    def _application(self, request: HttpRequest, pk: int) -> AppApplication:
        application = get_object_or_404(AppApplication, pk=pk)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        return application

    def _done(self, request: HttpRequest, application: AppApplication, text: str) -> HttpResponse:
        messages.success(request, text)
        return redirect("admin:appregister_appapplication_change", application.pk)

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._application(request, pk)
        form = AssignForm(request.POST or None, initial={"body": application.body_id})
        if request.method == "POST" and form.is_valid():
            try:
                assessment.application_assign(
                    application_id=pk,
                    body_id=form.cleaned_data["body"].pk,
                    staff=staff_user(request),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return self._done(
                    request, application, "La demande est attribuée\u00a0; l’éditeur est prévenu."
                )
        return _action_page(
            self,
            request,
            form,
            title=f"Attribuer\u00a0: {application}",
            submit="Attribuer",
            application=application,
        )

    def decision_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._application(request, pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decision, text = form.cleaned_data["decision"], form.cleaned_data["text"]
            staff = staff_user(request)
            try:
                if decision == DecisionForm.GRANT:
                    label = decisions.application_grant(application_id=pk, staff=staff, note=text)
                    done = f"Label {label.number} attribué\u00a0; l’éditeur est prévenu."
                elif decision == DecisionForm.REFUSE:
                    decisions.application_refuse(application_id=pk, staff=staff, reason=text)
                    done = "Le refus est enregistré\u00a0; l’éditeur est prévenu."
                else:
                    decisions.application_request_info(application_id=pk, staff=staff, message=text)
                    done = "Les compléments sont demandés\u00a0; l’éditeur est prévenu."
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    form.add_error("text", [m for ms in exc.message_dict.values() for m in ms])
                else:
                    form.add_error(None, exc)
            else:
                return self._done(request, application, done)
        return _action_page(
            self,
            request,
            form,
            title=f"Décision du Conseil national\u00a0: {application}",
            submit="Enregistrer la décision",
            application=application,
            blocks=application_criteria(application=application),
        )

    def label_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._application(request, pk)
        form = LabelActionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            staff = staff_user(request)
            service = {
                LabelActionForm.SUSPEND: decisions.label_suspend,
                LabelActionForm.WITHDRAW: decisions.label_withdraw,
            }.get(action)
            try:
                if service is not None:
                    service(application_id=pk, staff=staff, reason=reason)
                else:
                    decisions.label_reinstate(application_id=pk, staff=staff, note=reason)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return self._done(
                    request, application, "C’est enregistré\u00a0; l’éditeur est prévenu."
                )
        return _action_page(
            self,
            request,
            form,
            title=f"Label\u00a0: {application}",
            submit="Enregistrer",
            application=application,
        )

    def document_view(
        self, request: HttpRequest, pk: int, document_id: Any
    ) -> HttpResponse | StreamingHttpResponse:
        document = get_object_or_404(EvidenceDocument, application_id=pk, pk=document_id)
        if not self.has_view_permission(request, document.application):
            raise PermissionDenied
        return decrypted_attachment(document)


@admin.register(Label)
class LabelAdmin(ReadOnlyAdmin):
    list_display = ["number", "application", "valid_from", "valid_until", "withdrawn_at"]
    search_fields = ["number", "application__name"]


class ReviewedAdmin(ReadOnlyAdmin):
    """Rows staff only read, then mark as dealt with (the action needs the change right)."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        opts = self.model._meta
        return obj is None and request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


@admin.register(ProblemReport)
class ProblemReportAdmin(ReviewedAdmin):
    list_display = ["__str__", "reporter", "created_at", "acknowledged_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    fields = readonly_fields = (
        "application",
        "reporter",
        "message",
        "created_at",
        "acknowledged_at",
        "handled_at",
    )
    actions = ["mark_handled"]

    @admin.action(description="Marquer comme traités", permissions=["change"])
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ProblemReport]) -> None:
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        messages.success(
            request,
            f"{french_count(count, 'signalement')} marqué{plural_fr(count)} comme traité"
            f"{plural_fr(count)}.",
        )


@admin.register(MaterialChange)
class MaterialChangeAdmin(ReviewedAdmin):
    list_display = ["__str__", "kind", "declared_at", "reviewed_at"]
    list_filter = [("reviewed_at", admin.EmptyFieldListFilter), "kind"]
    fields = readonly_fields = (
        "application",
        "kind",
        "new_version",
        "description",
        "effective_on",
        "declared_by",
        "declared_at",
        "reviewed_at",
    )
    actions = ["mark_reviewed"]

    @admin.action(description="Marquer comme examinés", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[MaterialChange]) -> None:
        count = queryset.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now())
        messages.success(
            request,
            f"{french_count(count, 'déclaration')} marquée{plural_fr(count)} comme examinée"
            f"{plural_fr(count)}.",
        )
