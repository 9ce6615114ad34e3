"""The portal's error pages: each status in French, with a way forward (back, home, search,
contact).

portal.urls names these views as Django's handler400/403/404/500 (and allauth's handler429);
settings.CSRF_FAILURE_VIEW names `csrf_failure`. The 405 page comes from
portal.http.MethodNotAllowedMiddleware, the POST-only URLs' GET from portal.http.post_only.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def back_url(request: HttpRequest) -> str:
    """The page the person came from, when it is one of ours (and not the page itself)."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer == request.build_absolute_uri():
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if safe else ""


def error_page(
    request: HttpRequest, template: str, status: int, context: dict[str, object] | None = None
) -> HttpResponse:
    return render(
        request, template, {"back_url": back_url(request), **(context or {})}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "404.html", 404)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth's rate limits (login, password reset…) answer with this page."""
    return error_page(request, "429.html", 429)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: the error may lie in a context processor, the
    database or the session, and this page must still show."""
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: an expired or missing form token, said plainly."""
    logger.info("CSRF failure on %s: %s", request.path, reason)
    return error_page(request, "csrf_failure.html", 403)
