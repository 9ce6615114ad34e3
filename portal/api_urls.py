"""Everything under /api/v1/: each app contributes its routes from its own `api_urls`."""

from django.urls import include, path

from accounts.api import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api_me"),
    path("", include("cotisations.api_urls")),
    path("", include("vault.api_urls")),
    path("", include("guides.api_urls")),
    path("", include("directory.api_urls")),
    path("", include("appregister.api_urls")),
]
