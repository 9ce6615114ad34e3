from django.urls import URLPattern, URLResolver, path

from contact import views

app_name = "contact"

urlpatterns: list[URLPattern | URLResolver] = [
    path("contact/", views.contact_form, name="form"),
    path("contact/merci/", views.contact_thanks, name="thanks"),
]
