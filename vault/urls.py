from django.urls import URLPattern, URLResolver, path

from vault import views, views_sharing, views_versions

app_name = "vault"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/coffre/", views.index, name="index"),
    path("espace/coffre/deposer/", views.upload, name="upload"),
    path("espace/coffre/dossiers/", views.folder_create, name="folder_create"),
    path(
        "espace/coffre/dossiers/<int:folder_id>/supprimer/",
        views.folder_delete,
        name="folder_delete",
    ),
    path("espace/coffre/documents/<uuid:document_id>/", views.document_edit, name="document"),
    path(
        "espace/coffre/documents/<uuid:document_id>/telecharger/",
        views.document_download,
        name="download",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/corbeille/",
        views.document_trash,
        name="trash_document",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/versions/<uuid:version_id>/telecharger/",
        views_versions.version_download,
        name="version_download",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/versions/<uuid:version_id>/retablir/",
        views_versions.version_restore,
        name="version_restore",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/versions/<uuid:version_id>/supprimer/",
        views_versions.version_delete,
        name="version_delete",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/nouvelle-version-de/<uuid:existing_id>/",
        views_versions.version_accept,
        name="version_accept",
    ),
    path(
        "espace/coffre/documents/<uuid:document_id>/garder-a-part/",
        views_versions.keep_apart,
        name="keep_apart",
    ),
    path("espace/coffre/corbeille/", views.trash, name="trash"),
    path(
        "espace/coffre/corbeille/<uuid:document_id>/restaurer/",
        views.document_restore,
        name="restore",
    ),
    path("espace/coffre/journal/", views.access_log, name="journal"),
    path("espace/coffre/export/", views.export, name="export"),
    # Sharing with a colleague (vault/views_sharing.py).
    path(
        "espace/coffre/documents/<uuid:document_id>/partager/",
        views_sharing.share_document,
        name="share_document",
    ),
    path(
        "espace/coffre/dossiers/<int:folder_id>/partager/",
        views_sharing.share_folder,
        name="share_folder",
    ),
    path("espace/coffre/partages/", views_sharing.shares, name="shares"),
    path(
        "espace/coffre/partages/<int:share_id>/revoquer/",
        views_sharing.share_revoke,
        name="share_revoke",
    ),
    path("espace/coffre/partages-avec-moi/", views_sharing.shared_with_me, name="shared_with_me"),
]
