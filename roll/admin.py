"""The roll in the admin: a list that stays fast at 261,000 doctors, and the CSV import."""

import logging
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from portal.admin_filters import DepartmentFilter
from roll.forms import RollImportForm
from roll.models import Doctor
from roll.rpps import RPPS_LENGTH, normalize_rpps
from roll.services.importing import RollFileError, roll_import_csv

logger = logging.getLogger(__name__)

# A report can list thousands of rejected lines; the page shows the first ones.
REJECTED_SHOWN = 500


@admin.register(Doctor)
class DoctorAdmin(admin.ModelAdmin):
    list_display = ("rpps", "name", "specialty", "department", "status", "has_account")
    list_filter = ("status", DepartmentFilter, "specialty")
    search_fields = ("=rpps", "last_name", "first_name", "email")
    search_help_text = "Numéro RPPS, nom, prénom ou adresse électronique."
    list_select_related = ("account",)
    # Counting the unfiltered roll on every page is wasted work at this size.
    show_full_result_count = False
    list_per_page = 50
    # Same expression as the model's name index, so a page is read from the index, not sorted.
    ordering = (Upper("last_name"), "first_name")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="nom", ordering=Upper("last_name"))
    def name(self, doctor: Doctor) -> str:
        return f"{doctor.last_name.upper()} {doctor.first_name}"

    @admin.display(description="compte lié", boolean=True)
    def has_account(self, doctor: Doctor) -> bool:
        return hasattr(doctor, "account")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Doctor], search_term: str
    ) -> tuple[QuerySet[Doctor], bool]:
        # An RPPS, even typed with spaces, is looked up by its unique index alone.
        rpps = normalize_rpps(search_term.strip())
        if len(rpps) == RPPS_LENGTH and rpps.isdigit():
            return queryset.filter(rpps=rpps), False
        return super().get_search_results(request, queryset, search_term)

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="roll_doctor_import",
            )
        ]
        return custom + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = RollImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = roll_import_csv(
                        stream=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                    )
                except RollFileError as exc:
                    form.add_error("file", str(exc))
                else:
                    logger.info("roll CSV import run from the admin by user %s", request.user.pk)
        else:
            form = RollImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importer un fichier CSV",
            "form": form,
            "report": report,
            "rejected_shown": report.rejected[:REJECTED_SHOWN] if report else [],
            "rejected_hidden": max(len(report.rejected) - REJECTED_SHOWN, 0) if report else 0,
        }
        return TemplateResponse(request, "admin/roll/doctor/import.html", context)


# The change requests' and the companies' admin live in their own modules; imported so that
# they register.
from roll import admin_changes, admin_companies  # noqa: E402, F401
