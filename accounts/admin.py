"""Admin of portal users (email login) and a read-only view of claim challenges."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from accounts.forms import PortalUserChangeForm, PortalUserCreationForm
from accounts.models import ClaimChallenge, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ("email",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "doctor",
        "is_staff",
        "is_active",
        "date_joined",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name", "doctor__rpps")
    list_select_related = ("doctor",)
    raw_id_fields = ("doctor",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Inscription au tableau", {"fields": ("doctor",)}),
        (
            "Droits",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(ClaimChallenge)
class ClaimChallengeAdmin(admin.ModelAdmin):
    """Read-only: challenges are written by the claim services; the code hash stays hidden."""

    list_display = (
        "user",
        "rpps_masked",
        "created_at",
        "sent_at",
        "expires_at",
        "used_at",
        "superseded_at",
        "attempts",
    )
    list_filter = ("created_at", "used_at")
    search_fields = ("user__email",)
    list_select_related = ("user", "doctor")
    fields = (
        "user",
        "rpps_masked",
        "created_at",
        "sent_at",
        "expires_at",
        "used_at",
        "superseded_at",
        "attempts",
    )
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description="numéro RPPS")
    def rpps_masked(self, obj: ClaimChallenge) -> str:
        return f"••••••• {obj.doctor.rpps[-4:]}" if obj.doctor else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
