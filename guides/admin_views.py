"""The sheet's admin pages beyond the form: preview, versions and workflow, diff, restore."""

import difflib
from typing import Any

from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from guides import services
from guides.models import SHEET_WORKFLOW, Sheet, SheetRevision, SheetStatus
from guides.rendering import render_markdown
from portal.http import post_only

_DIFF_ATTRIBUTES = {
    "table": {"class"},
    "td": {"class"},
    "th": {"class", "colspan"},
    "span": {"class"},
}


def revision_text(revision: SheetRevision) -> list[str]:
    """A revision as the lines staff compare: every content field, labelled."""
    lines = [f"Titre : {revision.title}", f"Résumé : {revision.summary}", ""]
    lines += revision.body_markdown.splitlines()
    lines += ["", "À retenir :"] + [f"- {point}" for point in revision.key_points]
    lines += ["", "Textes de référence :"] + [f"- {ref}" for ref in revision.legal_references]
    return lines


def revision_diff_html(older: SheetRevision, newer: SheetRevision) -> str:
    import nh3  # on first use, as in guides.rendering

    # HtmlDiff escapes the text itself; nh3 then keeps only the table and its classes.
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        revision_text(older),
        revision_text(newer),
        fromdesc=f"Version {older.number}",
        todesc=f"Version {newer.number}",
        context=True,
        numlines=2,
    )
    return nh3.clean(
        table,
        tags={"table", "thead", "tbody", "tr", "th", "td", "span", "colgroup", "a"},
        attributes=_DIFF_ATTRIBUTES,
        url_schemes=set(),
    )


class SheetAdminViews:
    """Mixed into SheetAdmin: each view is wrapped by admin_view (staff with MFA only)."""

    model: type[Sheet]
    admin_site: admin.AdminSite

    def _sheet(self, request: HttpRequest, pk: int) -> Sheet:
        sheet = get_object_or_404(Sheet.objects.select_related("guide"), pk=pk)
        if not self.has_change_permission(request, sheet):  # type: ignore[attr-defined]
            raise Http404
        return sheet

    def _context(self, request: HttpRequest, sheet: Sheet, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": Sheet._meta,
            "original": sheet,
            "sheet": sheet,
            **extra,
        }

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        sheet = self._sheet(request, pk)
        context = self._context(
            request,
            sheet,
            title=f"Aperçu : {sheet.title}",
            rendered=render_markdown(sheet.body_markdown),
        )
        return TemplateResponse(request, "guides/admin/sheet_preview.html", context)

    def versions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        sheet = self._sheet(request, pk)
        transitions = [
            (status, SheetStatus(status).label)
            for status in sorted(SHEET_WORKFLOW.allowed(sheet.status))
        ]
        context = self._context(
            request,
            sheet,
            title=f"Versions et publication : {sheet.title}",
            revisions=list(sheet.revisions.select_related("author")),
            transitions=transitions,
        )
        return TemplateResponse(request, "guides/admin/sheet_versions.html", context)

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        sheet = self._sheet(request, pk)
        numbers = sorted({request.GET.get("a", ""), request.GET.get("b", "")})
        revisions = {
            r.number: r
            for r in sheet.revisions.filter(number__in=[n for n in numbers if n.isdigit()])
        }
        if len(revisions) != 2:
            messages.error(request, "Choisissez deux versions différentes à comparer.")
            return HttpResponseRedirect(reverse("admin:guides_sheet_versions", args=[sheet.pk]))
        older, newer = sorted(revisions.values(), key=lambda r: r.number)
        context = self._context(
            request,
            sheet,
            title=f"Comparer les versions {older.number} et {newer.number}",
            older=older,
            newer=newer,
            diff=revision_diff_html(older, newer),
        )
        return TemplateResponse(request, "guides/admin/sheet_compare.html", context)

    def _versions_url(self, request: HttpRequest, pk: int, **kwargs: object) -> str:
        return reverse("admin:guides_sheet_versions", args=[pk])

    def restore_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        view = post_only(redirect_to=self._versions_url)(self._restore)
        return view(request, pk=pk, number=number)  # type: ignore[return-value]

    def _restore(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        sheet = self._sheet(request, pk)
        revision = get_object_or_404(SheetRevision, sheet=sheet, number=number)
        new = services.sheet_restore(sheet=sheet, revision=revision, author=request.user)  # type: ignore[arg-type]
        messages.success(
            request, f"La version {number} a été restaurée : elle devient la version {new.number}."
        )
        return HttpResponseRedirect(reverse("admin:guides_sheet_versions", args=[sheet.pk]))

    def transition_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = post_only(redirect_to=self._versions_url)(self._transition)
        return view(request, pk=pk)  # type: ignore[return-value]

    def _transition(self, request: HttpRequest, pk: int) -> HttpResponse:
        sheet = self._sheet(request, pk)
        try:
            services.sheet_transition(
                sheet=sheet,
                to_status=request.POST.get("status", ""),
                author=request.user,  # type: ignore[arg-type]
            )
        except services.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"La fiche est maintenant « {sheet.get_status_display()} ».")
        return HttpResponseRedirect(reverse("admin:guides_sheet_versions", args=[sheet.pk]))
