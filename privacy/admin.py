"""Staff see exports and closures (dates and states, never an export's content) and reopen a
closed account during its grace period, through the same service as the person."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from portal.admin_readonly import ReadOnlyAdmin
from privacy.models import AccountClosure, ClosureStatus, DataExport
from privacy.services.closures import account_reopen


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ("user", "status", "progress", "include_documents", "requested_at", "expires_at")
    list_filter = ("status", "include_documents")
    search_fields = ("user__email",)
    fields = (
        "user",
        "status",
        "progress",
        "include_documents",
        "requested_at",
        "started_at",
        "ready_at",
        "expires_at",
        "downloaded_at",
        "size",
    )


@admin.register(AccountClosure)
class AccountClosureAdmin(ReadOnlyAdmin):
    list_display = ("user", "status", "closed_at", "purge_after", "reopened_at", "purged_at")
    list_filter = ("status",)
    search_fields = ("user__email",)
    fields = (*list_display, "reopened_by")
    actions = ("reopen",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The action needs it; every field stays read-only (ReadOnlyAdmin shows no form).
        return request.user.has_perm("privacy.change_accountclosure")

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        return tuple(self.fields)

    @admin.action(description="Rouvrir le compte (pendant le délai de grâce)")
    def reopen(self, request: HttpRequest, queryset: QuerySet[AccountClosure]) -> None:
        staff = request.user
        assert isinstance(staff, User)
        for closure in queryset.filter(status=ClosureStatus.CLOSED):
            try:
                account_reopen(closure_id=closure.pk, by=staff)
            except ValidationError as error:
                self.message_user(request, f"{closure.user} : {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, f"Le compte {closure.user} est rouvert.")
        if queryset.exclude(status=ClosureStatus.CLOSED).exists():
            self.message_user(
                request,
                "Un compte rouvert ou effacé ne peut pas l’être à nouveau : après l’effacement, "
                "ses données n’existent plus.",
                messages.WARNING,
            )
