from django.urls import URLPattern, URLResolver, path

from vault import api

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
    path("vault/trash/", api.TrashView.as_view(), name="api_vault_trash"),
    path("vault/usage/", api.UsageView.as_view(), name="api_vault_usage"),
    path("vault/export/", api.ExportView.as_view(), name="api_vault_export"),
]
