"""The provider event ledger in the admin: where staff find well-signed events that could not
be applied (« À traiter ») and mark them handled once they have dealt with them."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cotisations import selectors
from cotisations.models import ProviderEvent
from cotisations.services.payments import provider_events_mark_handled


class ToReviewFilter(admin.SimpleListFilter):
    title = "à traiter"
    parameter_name = selectors.EVENTS_TO_REVIEW_PARAMETER

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(selectors.EVENTS_TO_REVIEW_VALUE, "Anomalies à traiter")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[ProviderEvent]
    ) -> QuerySet[ProviderEvent]:
        if self.value() == selectors.EVENTS_TO_REVIEW_VALUE:
            return selectors.provider_events_to_review(queryset)
        return queryset


@admin.register(ProviderEvent)
class ProviderEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "provider", "type", "received_at", "processed_at", "error")
    list_filter = (ToReviewFilter, "provider", "type")
    search_fields = ("event_id",)
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_handle_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(
        description="Marquer les anomalies sélectionnées comme traitées", permissions=["handle"]
    )
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ProviderEvent]) -> None:
        count = provider_events_mark_handled(event_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, f"Anomalies marquées comme traitées\u00a0: {count}.", messages.SUCCESS
        )
