"""Staff edit the criteria framework in admin: versions, their domains and criteria; a
version an application used is frozen (appregister.services.framework)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from appregister.models import Criterion, Domain, FrameworkVersion
from appregister.services.framework import (
    FROZEN_MESSAGE,
    framework_version_copy,
    framework_version_publish,
)

# --- The framework --------------------------------------------------------------------------


class FrozenMixin:
    """A version an application used is read-only, with its domains and criteria."""

    # How the object reaches its version: "" for a version itself, else the attribute path
    # (an inline's `obj` is its parent: a version for DomainInline, a domain for CriterionInline).
    version_path = ""

    def version_of(self, obj: Any) -> FrameworkVersion | None:
        for name in filter(None, self.version_path.split(".")):
            obj = getattr(obj, name)
        return obj

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        version = self.version_of(obj) if obj is not None else None
        if version is not None and version.is_frozen:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        version = self.version_of(obj) if obj is not None else None
        if version is not None and version.is_frozen:
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class DomainInline(FrozenMixin, admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["position", "code", "title"]
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_frozen)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenMixin, admin.ModelAdmin):
    list_display = ["number", "title", "is_current", "published_at", "frozen"]
    fields = ["number", "title", "notes", "is_current", "published_at"]
    readonly_fields = ["is_current", "published_at"]
    inlines = [DomainInline]
    actions = ["copy_version", "publish_version"]

    @admin.display(description="utilisée par une demande", boolean=True)
    def frozen(self, obj: FrameworkVersion) -> bool:
        return obj.is_frozen

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kw: Any) -> Any:
        version = FrameworkVersion.objects.filter(pk=object_id).first()
        if version is not None and version.is_frozen and request.method == "GET":
            messages.info(request, FROZEN_MESSAGE)
        return super().change_view(request, object_id, *args, **kw)

    @admin.action(description="Créer une nouvelle version à partir de la version choisie")
    def copy_version(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset:
            copy = framework_version_copy(version=version)
            messages.success(
                request,
                f"Version {copy.number} créée\u00a0: modifiez-la, puis mettez-la en vigueur.",
            )

    @admin.action(description="Mettre en vigueur la version choisie")
    def publish_version(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        if queryset.count() != 1:
            messages.error(request, "Choisissez une seule version.")
            return
        try:
            version = framework_version_publish(version=queryset.get())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"La version {version.number} est en vigueur.")


class CriterionInline(FrozenMixin, admin.StackedInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "requirement", "is_mandatory", "evidence_expected"]

    version_path = "version"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.version.is_frozen)


@admin.register(Domain)
class DomainAdmin(FrozenMixin, admin.ModelAdmin):
    list_display = ["title", "version", "position"]
    list_filter = ["version"]
    inlines = [CriterionInline]
    version_path = "version"


@admin.register(Criterion)
class CriterionAdmin(FrozenMixin, admin.ModelAdmin):
    list_display = ["code", "domain", "is_mandatory"]
    list_filter = ["domain__version", "is_mandatory"]
    search_fields = ["code", "requirement"]
    version_path = "domain.version"
