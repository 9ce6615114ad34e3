"""Staff edit guides and sheets here; every save and state change goes through the services."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from guides import services
from guides.admin_forms import GuideAdminForm, SheetAdminForm
from guides.admin_views import SheetAdminViews
from guides.models import (
    AssistantFeedback,
    Guide,
    Sheet,
    SheetRevision,
    SheetStatus,
    Synonym,
    UnansweredQuestion,
)
from guides.rendering import render_markdown
from portal.admin_rows import LabelledListEditable
from portal.french_format import french_count
from portal.page_cache import InvalidatesPublicPagesAdmin


@admin.register(Guide)
class GuideAdmin(LabelledListEditable, InvalidatesPublicPagesAdmin):
    form = GuideAdminForm
    list_display = ["title", "slug", "audiences", "position", "published", "listed"]
    list_editable = ["position", "published"]
    search_fields = ["title", "slug"]


def _transition_action(to_status: str, description: str) -> Any:
    def action(modeladmin: "SheetAdmin", request: HttpRequest, queryset: QuerySet[Sheet]) -> None:
        done = 0
        for sheet in queryset:
            try:
                services.sheet_transition(sheet=sheet, to_status=to_status, author=request.user)  # type: ignore[arg-type]
            except services.TransitionError as error:
                modeladmin.message_user(request, f"{sheet.title} : {error}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request, f"{french_count(done, 'fiche')}\u00a0: {description.lower()}."
            )

    action.__name__ = f"move_to_{to_status}"
    return admin.action(description=description)(action)


@admin.register(Sheet)
class SheetAdmin(SheetAdminViews, admin.ModelAdmin):
    form = SheetAdminForm
    change_form_template = "guides/admin/sheet_change_form.html"
    list_display = [
        "title",
        "guide",
        "status",
        "updated_at",
        "edited_by_staff",
        "helpful_count",
        "unhelpful_count",
    ]
    list_filter = ["status", "guide", "edited_by_staff"]
    search_fields = ["title", "slug", "body_markdown"]
    filter_horizontal = ["related"]
    readonly_fields = ["status", "published_at", "updated_at", "edited_by_staff", "preview"]
    actions = [
        _transition_action(SheetStatus.REVIEW, "Envoyer en relecture"),
        _transition_action(SheetStatus.PUBLISHED, "Publier"),
        _transition_action(SheetStatus.DRAFT, "Repasser en brouillon"),
    ]
    fieldsets = [
        (None, {"fields": ["guide", "slug", "title", "summary", "position"]}),
        ("Contenu", {"fields": ["body_markdown", "key_points", "legal_references", "related"]}),
        ("Aperçu (dernière version enregistrée)", {"fields": ["preview"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at", "edited_by_staff"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sheet]:
        return (
            super()
            .get_queryset(request)
            .select_related("guide")
            .annotate(
                helpful=Count("feedback", filter=Q(feedback__helpful=True)),
                unhelpful=Count("feedback", filter=Q(feedback__helpful=False)),
            )
        )

    @admin.display(description="avis utiles", ordering="helpful")
    def helpful_count(self, sheet: Sheet) -> int:
        return int(getattr(sheet, "helpful", 0))

    @admin.display(description="avis pas utiles", ordering="unhelpful")
    def unhelpful_count(self, sheet: Sheet) -> int:
        return int(getattr(sheet, "unhelpful", 0))

    @admin.display(description="aperçu")
    def preview(self, sheet: Sheet) -> SafeString | str:
        if not sheet.pk:
            return "L’aperçu s’affiche après le premier enregistrement."
        # render_markdown returns nh3-sanitised HTML: staff Markdown cannot inject script here.
        rendered = render_markdown(sheet.body_markdown).html
        return format_html('<div class="guides-preview">{}</div>', mark_safe(rendered))  # noqa: S308

    def save_model(self, request: HttpRequest, obj: Sheet, form: Any, change: bool) -> None:
        services.sheet_save(
            sheet=obj,
            author=request.user,  # type: ignore[arg-type]
            by_staff=True,
            note="Modification dans l’administration" if change else "Création",
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # "Prévisualiser sans enregistrer": render the submitted text, save nothing.
        if request.method == "POST" and "_preview" in request.POST:
            response = self.unsaved_preview(request, object_id)
            if response is not None:
                return response
        return super().changeform_view(request, object_id, form_url, extra_context)

    def unsaved_preview(self, request: HttpRequest, object_id: str | None) -> HttpResponse | None:
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        form = self.get_form(request, obj, change=obj is not None)(request.POST, instance=obj)
        if not form.is_valid():
            return None  # the normal view shows the errors next to the fields (and saves nothing)
        sheet = form.save(commit=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": Sheet._meta,
            "sheet": sheet,
            "unsaved": True,
            "title": f"Aperçu non enregistré : {sheet.title}",
            "rendered": render_markdown(sheet.body_markdown),
        }
        return TemplateResponse(request, "guides/admin/sheet_preview.html", context)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/apercu/", wrap(self.preview_view), name="guides_sheet_preview"),
            path("<int:pk>/versions/", wrap(self.versions_view), name="guides_sheet_versions"),
            path(
                "<int:pk>/versions/comparer/",
                wrap(self.compare_view),
                name="guides_sheet_compare",
            ),
            path(
                "<int:pk>/versions/<int:number>/restaurer/",
                wrap(self.restore_view),
                name="guides_sheet_restore",
            ),
            path("<int:pk>/etat/", wrap(self.transition_view), name="guides_sheet_transition"),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        if obj is not None:
            context["versions_url"] = reverse("admin:guides_sheet_versions", args=[obj.pk])
            context["preview_url"] = reverse("admin:guides_sheet_preview", args=[obj.pk])
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(SheetRevision)
class SheetRevisionAdmin(admin.ModelAdmin):
    list_display = ["sheet", "number", "status", "author", "note", "created_at"]
    list_filter = ["sheet__guide"]
    search_fields = ["sheet__title", "note"]

    # History is written by the services only: staff read it here, restore from the sheet.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "equivalents", "updated_at"]
    search_fields = ["term", "equivalents"]

    def save_model(self, request: HttpRequest, obj: Synonym, form: Any, change: bool) -> None:
        services.synonym_save(synonym=obj)

    def delete_model(self, request: HttpRequest, obj: Synonym) -> None:
        services.synonym_delete(synonym=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Synonym]) -> None:
        for synonym in queryset:
            services.synonym_delete(synonym=synonym)


@admin.register(UnansweredQuestion)
class UnansweredQuestionAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["text", "count", "first_asked_at", "last_asked_at", "handled"]
    list_editable = ["handled"]
    list_filter = ["handled"]
    search_fields = ["text"]
    readonly_fields = ["text", "normalized", "count", "first_asked_at", "last_asked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AssistantFeedback)
class AssistantFeedbackAdmin(admin.ModelAdmin):
    list_display = ["question", "helpful", "sheet", "answered", "created_at"]
    list_filter = ["helpful", "answered", "sheet__guide"]
    search_fields = ["question"]
    readonly_fields = ["question", "helpful", "sheet", "answered", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
