from django.urls import URLPattern, URLResolver, path

from cotisations import views, views_companies, views_dummy

app_name = "cotisations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("espace/cotisations/", views.dues_space, name="space"),
    path("espace/cotisations/<int:year>/payer/", views.pay, name="pay"),
    path(
        "espace/cotisations/retour/<str:public_id>/",
        views.checkout_return,
        name="checkout_return",
    ),
    path("espace/cotisations/recus/<int:payment_id>/", views.receipt, name="receipt"),
    path("espace/cotisations/<int:year>/attestation/", views.attestation, name="attestation"),
    path("espace/cotisations/historique/", views.history, name="history"),
    path("espace/cotisations/<int:year>/releve/", views.statement, name="statement"),
    path(
        "espace/cotisations/societes/<int:call_id>/payer/",
        views_companies.company_pay,
        name="company_pay",
    ),
    path(
        "espace/cotisations/societes/<int:call_id>/attestation/",
        views_companies.company_attestation,
        name="company_attestation",
    ),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("paiement/webhook/<str:provider>/", views.webhook, name="webhook"),
    path("paiement-test/<str:public_id>/", views_dummy.dummy_checkout, name="dummy_checkout"),
]
