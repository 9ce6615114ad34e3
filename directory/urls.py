from django.urls import URLPattern, URLResolver, path

from directory import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("annuaire/", views.directory_search_view, name="directory_search"),
    path("annuaire/<str:rpps>/", views.directory_entry_view, name="directory_entry"),
]
