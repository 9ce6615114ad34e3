from django.urls import URLPattern, URLResolver

app_name = "contact"

urlpatterns: list[URLPattern | URLResolver] = []
