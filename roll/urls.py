from django.urls import path

from roll import views

app_name = "roll"

urlpatterns = [
    path("espace/modifications/", views.change_request_list, name="change_request_list"),
    path(
        "espace/modifications/nouvelle/",
        views.change_request_create,
        name="change_request_create",
    ),
    path(
        "espace/modifications/<int:pk>/",
        views.change_request_detail,
        name="change_request_detail",
    ),
    path(
        "espace/modifications/<int:pk>/justificatif/",
        views.change_request_document,
        name="change_request_document",
    ),
]
