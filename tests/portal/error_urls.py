"""A URLconf for tests/portal/test_errors.py: the portal's, plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal import urls as portal_urls


def bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("malformed")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("test-erreurs/400/", bad),
    path("test-erreurs/403/", denied),
    path("test-erreurs/500/", broken),
    *portal_urls.urlpatterns,
]

handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
handler429 = portal_urls.handler429
