from django.urls import URLPattern, URLResolver, path

from appregister.api import RegisterEntryAPIView, RegisterListAPIView

urlpatterns: list[URLPattern | URLResolver] = [
    path("applications/", RegisterListAPIView.as_view(), name="api_applications"),
    path("applications/<str:number>/", RegisterEntryAPIView.as_view(), name="api_application"),
]
