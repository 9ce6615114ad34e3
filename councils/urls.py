from django.urls import URLPattern, URLResolver, path

from councils import views

app_name = "councils"

urlpatterns: list[URLPattern | URLResolver] = [
    path("conseils/", views.council_list, name="list"),
    path("conseils/<str:code>/", views.council_detail, name="detail"),
]
