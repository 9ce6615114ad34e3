"""Public pages served from the cache (Redis in production) to anonymous visitors.

A request is anonymous when it carries no session cookie, no message cookie and no
Authorization header: a logged-in person, or someone with a message waiting, always gets the
page rendered for them. A response is stored only when it is a 200 that sets no cookie and
asked for no CSRF token (a page with a POST form is never shared), so nothing personal can
reach the cache. Stored pages are keyed by path and query and carry the generation number
they were stored under: `public_pages_invalidate()` (called when staff publish) moves to a new
generation, so every stored page is stale at once; each expires after PUBLIC_PAGE_CACHE_SECONDS.

Public responses say `Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE` and `Vary: Cookie`,
so that a reverse proxy or CDN may keep them for anonymous visitors (and only for them);
personal responses keep portal.headers' `no-store`.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "public-pages:generation"


def _anonymous(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("HTTP_AUTHORIZATION")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{digest}"


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and "no-store" not in response.get("Cache-Control", "")
    )


def _public_headers(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page_response(
    request: HttpRequest, build: Callable[[], HttpResponse], *, timeout: int | None = None
) -> HttpResponse:
    """`build()`'s response, from the cache for an anonymous visitor when it is stored there."""
    # PUBLIC_PAGE_CACHE_SECONDS=0 turns the cache off for every page, `timeout` included.
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS and (
        settings.PUBLIC_PAGE_CACHE_SECONDS if timeout is None else timeout
    )
    if not seconds or not _anonymous(request):
        return build()
    key = _key(request)
    # One round trip: the current generation and the stored page, which is used only when it
    # was stored under that generation.
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        _, content, content_type = stored
        return _public_headers(HttpResponse(content, content_type=content_type))
    response = build()
    if not _shareable(request, response):
        return response
    cache.set(key, (generation, response.content, response["Content-Type"]), timeout=seconds)
    return _public_headers(response)


def public_page(
    view: Callable[..., HttpResponse] | None = None, *, timeout: int | None = None
) -> Any:
    """Decorator: the view's page shared between anonymous visitors (public_page_response)."""

    def decorate(function: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(function)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return public_page_response(
                request, lambda: function(request, *args, **kwargs), timeout=timeout
            )

        return wrapped

    return decorate(view) if view is not None else decorate


def public_pages_invalidate() -> None:
    """Every stored public page is stale: the next visit of each renders it again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing is stored under one
        cache.add(GENERATION_KEY, 1, timeout=None)


def public_pages_invalidate_on_commit() -> None:
    transaction.on_commit(public_pages_invalidate)


class InvalidatesPublicPagesAdmin(admin.ModelAdmin):
    """For models staff edit in admin that public pages show: each change renews them."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        public_pages_invalidate_on_commit()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        public_pages_invalidate_on_commit()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        public_pages_invalidate_on_commit()
