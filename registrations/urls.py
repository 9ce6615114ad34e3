from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("etudiants/inscription/", views.start, name="start"),
    path("etudiants/inscription/suivi/", views.status, name="status"),
    path("etudiants/inscription/recapitulatif/", views.summary, name="summary"),
    path("etudiants/inscription/envoyer/", views.submit, name="submit"),
    path("etudiants/inscription/documents/deposer/", views.upload, name="upload"),
    path(
        "etudiants/inscription/documents/<uuid:document_id>/supprimer/",
        views.document_delete,
        name="document_delete",
    ),
    path("etudiants/inscription/<slug:step>/", views.step, name="step"),
]
