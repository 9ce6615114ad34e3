"""The register of processing (article 30 GDPR) in admin: read-only, from the declarations."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from guides.models import Sheet
from legal.models import ProcessingRegister
from legal.processing import processing_list
from legal.selectors import LEGAL_GUIDE
from portal.admin_readonly import ReadOnlyAdmin


def register_rows() -> list[dict[str, Any]]:
    """One row per declared processing, with the models it names as admin shows them."""
    rows = []
    for processing in processing_list():
        found = {model._meta.label: model for model in processing.model_classes()}
        rows.append(
            {
                "processing": processing,
                "models": [
                    {
                        "label": label,
                        "name": found[label]._meta.verbose_name_plural if label in found else "",
                    }
                    for label in processing.models
                ],
                "automatic_purge": processing.retention_days is not None
                and processing.purge is not None,
            }
        )
    return rows


@admin.register(ProcessingRegister)
class ProcessingRegisterAdmin(ReadOnlyAdmin):
    """The changelist is the register itself: there is nothing to add, change or delete."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        legal_sheets = [
            {"sheet": sheet, "url": reverse("admin:guides_sheet_change", args=[sheet.pk])}
            for sheet in Sheet.objects.filter(guide__slug=LEGAL_GUIDE).order_by("position")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Registre des activités de traitement",
            "opts": self.model._meta,
            "rows": register_rows(),
            "controller": settings.SITE_PUBLISHER_NAME,
            "controller_address": settings.SITE_PUBLISHER_ADDRESS,
            "dpo_email": settings.SITE_DPO_EMAIL,
            "dpo_address": settings.SITE_DPO_ADDRESS,
            "legal_sheets": legal_sheets,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "legal/admin/register.html", context)
