from django.urls import URLPattern, URLResolver, path

from directory.api import DirectorySearchAPIView

urlpatterns: list[URLPattern | URLResolver] = [
    path("annuaire/", DirectorySearchAPIView.as_view(), name="api_directory_search"),
]
