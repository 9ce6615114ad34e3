"""Pro Santé Connect's OAuth endpoints, mounted by allauth under /compte/ (allauth.urls)."""

from django.urls import path

from psc import views

urlpatterns = [
    path("psc/connexion/", views.login, name="psc_login"),
    path("psc/connexion/retour/", views.callback, name="psc_callback"),
]
