"""Staff read requests, answer them (the answer is emailed) and move them along."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from contact.models import ContactMessage, ContactRequest, RequestStatus
from contact.services import contact_request_answer, contact_request_transition
from portal.admin_readonly import ReadOnlyInline
from portal.admin_site import staff_user
from portal.french_format import french_count, plural_fr

REQUEST_FIELDS = (
    "reference",
    "status",
    "topic",
    "department",
    "council",
    "name",
    "email",
    "rpps",
    "user",
    "message",
    "created_at",
    "closed_at",
)


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Réponse",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text="Envoyée par courriel avec la référence et le message d’origine.",
        error_messages={"required": "Rédigez la réponse avant de l’envoyer."},
    )
    close = forms.BooleanField(label="Clore la demande après l’envoi", required=False, initial=True)


class ContactMessageInline(ReadOnlyInline):
    model = ContactMessage
    verbose_name = "échange"
    verbose_name_plural = "historique des échanges"
    fields = readonly_fields = ("sent_at", "direction", "author", "body", "emailed_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "created_at", "topic", "council", "department", "name", "status"]
    list_filter = [("council", admin.RelatedOnlyFieldListFilter), "topic", "status"]
    search_fields = ["reference", "name", "email", "rpps"]
    list_select_related = ["council"]
    date_hierarchy = "created_at"
    inlines = [ContactMessageInline]
    fields = ("answer_link", *REQUEST_FIELDS)
    readonly_fields = fields
    actions = ["mark_in_progress", "mark_closed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="réponse")
    def answer_link(self, obj: ContactRequest) -> str:
        url = reverse("admin:contact_contactrequest_answer", args=[obj.pk])
        return format_html('<a class="button" href="{}">Répondre</a>', url)

    def _transition(
        self, request: HttpRequest, queryset: QuerySet[ContactRequest], to: str
    ) -> None:
        moved = refused = 0
        for contact_request in queryset:
            try:
                contact_request_transition(request=contact_request, status=to)
            except ValidationError:
                refused += 1
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                f"{french_count(moved, 'demande')} mise{plural_fr(moved)} à jour.",
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                f"{french_count(refused, 'demande')} laissée{plural_fr(refused)} "
                f"telle{plural_fr(refused)} quelle{plural_fr(refused)}\u00a0: changement de "
                "statut non autorisé.",
                messages.WARNING,
            )

    @admin.action(description="Prendre en charge (statut «\u00a0En cours\u00a0»)")
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[ContactRequest]) -> None:
        self._transition(request, queryset, RequestStatus.IN_PROGRESS)

    @admin.action(description="Clore sans répondre")
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[ContactRequest]) -> None:
        self._transition(request, queryset, RequestStatus.CLOSED)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/repondre/",
                self.admin_site.admin_view(self.answer_view),
                name="contact_contactrequest_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact_request = get_object_or_404(ContactRequest.objects.select_related("council"), pk=pk)
        if not self.has_change_permission(request, contact_request):
            return redirect("admin:index")
        form = AnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                contact_request_answer(
                    request=contact_request,
                    author=staff_user(request),
                    body=form.cleaned_data["body"],
                    close=form.cleaned_data["close"],
                )
            except ValidationError as error:
                form.add_error("body" if hasattr(error, "error_dict") else None, error)
            else:
                messages.success(
                    request,
                    f"Réponse envoyée à {contact_request.email} pour la demande "
                    f"{contact_request.reference}.",
                )
                return redirect("admin:contact_contactrequest_change", contact_request.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Répondre à la demande {contact_request.reference}",
            "contact_request": contact_request,
            "exchanges": contact_request.messages.select_related("author"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "contact/admin_answer.html", context)
