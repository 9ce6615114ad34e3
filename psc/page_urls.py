from django.urls import path

from psc import pages

urlpatterns = [
    path("espace/connexions/", pages.connections, name="psc_connections"),
    path("espace/connexions/retirer/", pages.connection_remove, name="psc_connection_remove"),
    path("espace/connexions/psc/", pages.compare, name="psc_compare"),
    path("espace/connexions/psc/proposer/", pages.compare_offer, name="psc_compare_offer"),
]
