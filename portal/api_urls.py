"""Everything under /api/v1/: each app contributes its routes here."""

from django.urls import path

from accounts.api import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api_me"),
]
