from django.urls import URLPattern, URLResolver, path

from guides.api import AssistantView, GuideListView

urlpatterns: list[URLPattern | URLResolver] = [
    path("assistant/", AssistantView.as_view(), name="api_assistant"),
    path("guides/", GuideListView.as_view(), name="api_guides"),
]
