"""Instalments in the admin, read only: where staff find failed collections (« À traiter »)."""

from django.contrib import admin

from cotisations.models import Instalment
from portal.admin_readonly import ReadOnlyAdmin
from portal.money import euros


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "call_display", "amount_display", "due_on", "status")
    list_filter = ("status", "due_on")
    search_fields = ("plan__call__doctor__rpps", "plan__call__doctor__last_name")
    list_select_related = ("plan__call__doctor", "plan__call__campaign")
    ordering = ("-due_on", "plan", "number")

    @admin.display(description="appel de cotisation")
    def call_display(self, instalment: Instalment) -> str:
        return str(instalment.plan.call)

    @admin.display(description="montant")
    def amount_display(self, instalment: Instalment) -> str:
        return euros(instalment.amount_cents)
