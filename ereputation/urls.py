from django.urls import URLPattern, URLResolver, path

from ereputation import views

app_name = "ereputation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/e-reputation/", views.home, name="home"),
    path("espace/e-reputation/analyse/", views.analyse, name="analyse"),
    path("espace/e-reputation/reponse/", views.reply, name="reply"),
    path("espace/e-reputation/conserver/", views.keep, name="keep"),
    path(
        "espace/e-reputation/documents/<slug:kind>.<str:extension>",
        views.download,
        name="download",
    ),
    path("espace/e-reputation/analyses/<uuid:analysis_id>/", views.kept, name="kept"),
    path(
        "espace/e-reputation/analyses/<uuid:analysis_id>/supprimer/",
        views.delete,
        name="delete",
    ),
]
