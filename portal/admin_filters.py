"""List filters shared by the apps' admin pages."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from roll.data.geography import DEPARTMENTS


class DepartmentFilter(admin.SimpleListFilter):
    """Departments from the reference list: no DISTINCT scan of the table, and readable names.

    Filters on the model's `department` code (the roll, dues calls, registration requests).
    """

    title = "conseil départemental"
    parameter_name = "department"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return [(dept.code, f"{dept.code} – {dept.name}") for dept in DEPARTMENTS]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(department=self.value())
        return queryset
