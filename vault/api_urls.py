from django.urls import URLPattern, URLResolver, path

from vault import api, api_versions

urlpatterns: list[URLPattern | URLResolver] = [
    path("vault/documents/", api.DocumentListView.as_view(), name="api_vault_documents"),
    path(
        "vault/documents/<uuid:document_id>/",
        api.DocumentDetailView.as_view(),
        name="api_vault_document",
    ),
    path(
        "vault/documents/<uuid:document_id>/content",
        api.DocumentContentView.as_view(),
        name="api_vault_document_content",
    ),
    path(
        "vault/documents/<uuid:document_id>/versions/",
        api_versions.VersionListView.as_view(),
        name="api_vault_versions",
    ),
    path(
        "vault/documents/<uuid:document_id>/versions/<uuid:version_id>/",
        api_versions.VersionDetailView.as_view(),
        name="api_vault_version",
    ),
    path(
        "vault/documents/<uuid:document_id>/versions/<uuid:version_id>/content",
        api_versions.VersionContentView.as_view(),
        name="api_vault_version_content",
    ),
    path(
        "vault/documents/<uuid:document_id>/versions/<uuid:version_id>/restore",
        api_versions.VersionRestoreView.as_view(),
        name="api_vault_version_restore",
    ),
    path("vault/trash/", api.TrashView.as_view(), name="api_vault_trash"),
    path("vault/usage/", api.UsageView.as_view(), name="api_vault_usage"),
    path("vault/export/", api.ExportView.as_view(), name="api_vault_export"),
]
