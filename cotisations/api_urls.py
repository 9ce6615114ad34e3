from django.urls import URLPattern, URLResolver, path

from cotisations.api import DuesCallListView

urlpatterns: list[URLPattern | URLResolver] = [
    path("cotisations/", DuesCallListView.as_view(), name="api_dues"),
]
