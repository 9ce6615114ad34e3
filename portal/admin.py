from django.contrib import admin

from portal.admin_rows import LabelledListEditable
from portal.models import HubBlock
from portal.page_cache import InvalidatesPublicPagesAdmin


@admin.register(HubBlock)
class HubBlockAdmin(LabelledListEditable, InvalidatesPublicPagesAdmin):
    list_display = ["title", "audience", "kind", "position", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_editable = ["position", "is_published"]
    list_filter = ["audience", "kind", "is_published"]
    search_fields = ["title", "body", "link_label", "link_url"]
    ordering = ["audience", "kind", "position", "pk"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["audience", "kind", "title", "body"]}),
        (
            "Lien (pour un lien de navigation)",
            {"fields": ["link_label", "link_url"]},
        ),
        ("Publication", {"fields": ["position", "is_published", "created_at", "updated_at"]}),
    ]
