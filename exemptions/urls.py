from django.urls import URLPattern, URLResolver, path

from exemptions import views

app_name = "exemptions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/cotisations/exoneration/", views.exemption_home, name="home"),
    path("espace/cotisations/exoneration/demande/", views.exemption_create, name="create"),
    path("espace/cotisations/exoneration/<int:pk>/", views.exemption_detail, name="detail"),
    path(
        "espace/cotisations/exoneration/<int:pk>/justificatifs/",
        views.exemption_documents_add,
        name="documents_add",
    ),
    path(
        "espace/cotisations/exoneration/<int:pk>/justificatifs/<uuid:document_id>/",
        views.exemption_document,
        name="document",
    ),
    path(
        "espace/cotisations/exoneration/<int:pk>/retirer/",
        views.exemption_withdraw,
        name="withdraw",
    ),
]
