from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("espace/mes-donnees/", views.data_page, name="data"),
    path("espace/mes-donnees/exporter/", views.export_request_view, name="export_request"),
    path(
        "espace/mes-donnees/exports/<uuid:export_id>/telecharger/",
        views.export_download,
        name="export_download",
    ),
    path("espace/fermer-mon-compte/", views.close_account, name="close"),
    path("compte/ferme/", views.closed, name="closed"),
    path("compte/rouvrir/", views.reopen, name="reopen"),
]
