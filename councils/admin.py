from django.contrib import admin

from councils.models import Council
from portal.admin_rows import LabelledListEditable


@admin.register(Council)
class CouncilAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["code", "name", "level", "region", "city", "phone", "email", "is_sample"]
    list_display_links = ["code", "name"]
    list_filter = ["level", ("region", admin.RelatedOnlyFieldListFilter), "is_sample"]
    list_editable = ["phone", "email"]
    search_fields = ["code", "name", "city", "postcode", "email"]
    list_select_related = ["region"]
    ordering = ["level", "code"]
    fieldsets = [
        (None, {"fields": ["code", "level", "name", "region", "departments", "is_sample"]}),
        ("Coordonnées", {"fields": ["street", "postcode", "city", "phone", "email"]}),
        ("Accueil", {"fields": ["opening_hours"]}),
    ]
