"""Staff see the vault's metadata (to help a doctor, to audit), never its content or keys."""

from django.contrib import admin

from portal.admin_readonly import ReadOnlyAdmin
from vault.models import AccessLogEntry, Document, Folder, Share


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "owner", "folder", "size", "created_at", "trashed_at", "kek_id"]
    list_filter = ["kek_id", "content_type"]
    search_fields = ["owner__email", "display_name"]
    list_select_related = ["owner", "folder"]
    # No wrapped key, no storage name: nothing that leads to the content. Nor the description
    # and tags the doctor wrote for their own search.
    fields = (
        "id",
        "owner",
        "folder",
        "display_name",
        "content_type",
        "size",
        "sha256",
        "kek_id",
        "format_version",
        "expires_on",
        "expiry_reminder_sent_at",
        "created_at",
        "updated_at",
        "trashed_at",
        "version_of",
        "superseded_at",
    )
    readonly_fields = fields


@admin.register(Folder)
class FolderAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "created_at"]
    search_fields = ["owner__email", "name"]
    fields = readonly_fields = ("owner", "name", "created_at")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "owner", "action", "document_name", "actor", "ip_address", "via"]
    list_filter = ["action", "via"]
    search_fields = ["owner__email"]
    list_select_related = ["owner", "actor"]
    fields = readonly_fields = (
        "at",
        "owner",
        "actor",
        "action",
        "document",
        "document_name",
        "ip_address",
        "device",
        "via",
    )


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    """Who shared what with whom, until when: never the message (it is for the recipient)."""

    list_display = ["created_at", "owner", "recipient", "document", "folder", "expires_on"]
    list_filter = ["end_reason"]
    search_fields = ["owner__email", "recipient__email"]
    list_select_related = ["owner", "recipient", "document", "folder"]
    fields = readonly_fields = (
        "owner",
        "recipient",
        "document",
        "folder",
        "expires_on",
        "created_at",
        "ended_at",
        "end_reason",
        "email_sent_at",
    )
