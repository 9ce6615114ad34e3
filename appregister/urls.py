from django.urls import URLPattern, URLResolver, path

from appregister import views_body, views_public, views_publisher

app_name = "appregister"

urlpatterns: list[URLPattern | URLResolver] = [
    # The public register.
    path("applications/", views_public.register, name="register"),
    path("applications/<int:pk>/", views_public.entry, name="entry"),
    path("applications/<int:pk>/signaler/", views_public.report, name="report"),
    path("applications/verifier/<str:number>/", views_public.verify, name="verify"),
    # Publishers.
    path("editeurs/", views_publisher.start, name="publisher_start"),
    path("editeurs/espace/", views_publisher.publisher_home, name="publisher_home"),
    path("editeurs/demandes/nouvelle/", views_publisher.application_new, name="application_new"),
    path("editeurs/demandes/<int:pk>/", views_publisher.application_detail, name="application"),
    path("editeurs/demandes/<int:pk>/recapitulatif/", views_publisher.summary, name="summary"),
    path("editeurs/demandes/<int:pk>/envoyer/", views_publisher.submit, name="submit"),
    path("editeurs/demandes/<int:pk>/documents/deposer/", views_publisher.upload, name="upload"),
    path(
        "editeurs/demandes/<int:pk>/documents/<uuid:document_id>/",
        views_publisher.document,
        name="document",
    ),
    path(
        "editeurs/demandes/<int:pk>/documents/<uuid:document_id>/supprimer/",
        views_publisher.document_delete,
        name="document_delete",
    ),
    path("editeurs/demandes/<int:pk>/<slug:step>/", views_publisher.step, name="step"),
    # Certification bodies.
    path("organismes/", views_body.body_home, name="body_home"),
    path("organismes/demandes/<int:pk>/", views_body.body_application, name="body_application"),
    path(
        "organismes/demandes/<int:pk>/criteres/<int:criterion_id>/",
        views_body.result_save,
        name="result_save",
    ),
    path("organismes/demandes/<int:pk>/avis/", views_body.recommendation, name="recommendation"),
    path(
        "organismes/demandes/<int:pk>/documents/<uuid:document_id>/",
        views_body.body_document,
        name="body_document",
    ),
]
