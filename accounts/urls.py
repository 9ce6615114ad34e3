from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.doctor_space, name="doctor_space"),
]
