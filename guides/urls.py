from django.urls import URLPattern, URLResolver, path

from guides import views

app_name = "guides"

urlpatterns: list[URLPattern | URLResolver] = [
    path("guides/", views.guide_index, name="index"),
    path("guides/<slug:guide>/", views.guide_detail, name="guide"),
    path("guides/<slug:guide>/<slug:sheet>/", views.sheet_detail, name="sheet"),
    path("guides/<slug:guide>/<slug:sheet>/pdf/", views.sheet_download, name="sheet_pdf"),
    path("assistant/", views.assistant, name="assistant"),
    path("assistant/avis/", views.assistant_feedback, name="assistant_feedback"),
]
