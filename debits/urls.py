from django.urls import URLPattern, URLResolver, path

from debits import views

app_name = "debits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/cotisations/<int:year>/prelevement/", views.plan_setup, name="setup"),
    path("espace/cotisations/prelevements/<int:plan_id>/", views.plan_detail, name="plan"),
    path("espace/cotisations/prelevements/<int:plan_id>/arreter/", views.plan_stop, name="stop"),
    path(
        "espace/cotisations/prelevements/<int:plan_id>/reconduction/",
        views.plan_renewal,
        name="renewal",
    ),
    path(
        "espace/cotisations/prelevements/<int:plan_id>/compte/",
        views.plan_account,
        name="account",
    ),
    path(
        "espace/cotisations/mandats/<int:mandate_id>/pdf/",
        views.mandate_download,
        name="mandate_pdf",
    ),
]
