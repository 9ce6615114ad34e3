"""Staff extend the helper's cues; kept analyses show only their metadata (never the text)."""

from django.contrib import admin

from ereputation.models import Cue, KeptAnalysis
from portal.admin_readonly import ReadOnlyAdmin
from portal.admin_rows import LabelledListEditable


@admin.register(Cue)
class CueAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ("text", "family", "kind", "weight", "active", "updated_at")
    list_filter = ("family", "kind", "weight", "active")
    list_editable = ("active",)
    search_fields = ("text", "note")
    ordering = ("family", "kind", "text")


@admin.register(KeptAnalysis)
class KeptAnalysisAdmin(ReadOnlyAdmin):
    list_display = ("owner", "platform", "published_on", "created_at", "size")
    list_filter = ("platform",)
    fields = ("owner", "platform", "published_on", "created_at", "size", "kek_id")
