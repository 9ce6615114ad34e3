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

`PublicPageCacheMiddleware`, placed right after WhiteNoise, answers an anonymous GET from the
cache before sessions, CSRF, authentication, messages, locale and CSP run: a stored page costs
one Redis round trip, and none while this process keeps its own copy (PUBLIC_PAGE_LOCAL_SECONDS,
5 by default: a publication reaches the other web processes that much later, where a proxy may
keep the page for PUBLIC_PAGE_MAX_AGE anyway). It stores the response as the whole middleware
stack finished it (its headers included, the request id excepted), so a page served early
carries the same headers as a rendered one. Pages whose view must run something first on
every request (the directory's and the assistant's rate limits count hits answered from the
cache too) are stored with `early=False`: the middleware leaves them to their view, which finds
them in the lookup the middleware already made. A view marked with `answered_early_once`
(a directory entry) is answered early all the same, once its function has counted the visit
and admitted it; a refused visit goes on to the view, which answers the refusal. A page whose
CSP nonce was used is never stored: one visitor's nonce must not reach another.

A page with a POST form for anonymous visitors (the assistant's « Cette réponse vous a-t-elle
aidé ? ») is stored with `csrf=True`: its CSRF tokens are taken out before storing and each
replay puts in a token of the visitor's own (`get_token`, which also sets their CSRF cookie),
so no visitor ever receives another's token. Such a page is always answered by its view.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from portal.view_marks import view_mark

GENERATION_KEY = "public-pages:generation"
# Never replayed from the cache: set for each request or each response by an outer middleware.
_UNSTORED_HEADERS = {"x-request-id", "set-cookie"}
# On the request, set by the middleware: what its lookup found, so the view need not ask again.
_FOUND_ATTR = "_public_page_found"
# On the response, set by public_page_response for the middleware to store once it is final.
_STORE_ATTR = "_public_page_store"
# On a response its view says must not be stored (public_page_unshared).
_UNSHARED_ATTR = "_public_page_unshared"
# On a view decorated with public_page: the middleware may answer it from the cache.
EARLY_ATTR = "public_page_early"
# What {% csrf_token %} writes, and what stands for the token in a stored page.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_CSRF_PLACEHOLDER = b"\x00public-page-csrf-token\x00"
# Pages the middleware answers, also kept in this process for PUBLIC_PAGE_LOCAL_SECONDS: the
# most asked ones (hubs, home, sheets) then cost no round trip at all. At most this many.
LOCAL_PAGES = 128
_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_local_lock = threading.Lock()  # gunicorn's workers are single-threaded; runserver is not


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


def _shareable(request: HttpRequest, response: HttpResponse, csrf: bool = False) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (csrf or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and not (session is not None and session.modified)
        # A message added while rendering is shown on this page: it is this visitor's.
        and not getattr(getattr(request, "_messages", None), "added_new", False)
        # A CSP nonce used on the page is this response's: another visitor must get a new one.
        and getattr(request, "_csp_nonce", None) is None
        and "no-store" not in response.get("Cache-Control", "")
        and not getattr(response, _UNSHARED_ATTR, False)
    )


def public_page_unshared(response: HttpResponse) -> HttpResponse:
    """Keep this one response out of the cache: its view must run again for the next visitor
    (it records something each time, as the assistant does for an unanswered question)."""
    setattr(response, _UNSHARED_ATTR, True)
    return response


def _public_headers(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def _seconds(timeout: int | None) -> int:
    # PUBLIC_PAGE_CACHE_SECONDS=0 turns the cache off for every page, `timeout` included.
    configured = settings.PUBLIC_PAGE_CACHE_SECONDS
    return int(configured and (configured if timeout is None else timeout))


def _lookup(request: HttpRequest, key: str) -> tuple[int, Any]:
    """The current generation and the entry stored under `key` (None), in one round trip."""
    found = getattr(request, _FOUND_ATTR, None)
    if found is None:
        found = cache.get_many([GENERATION_KEY, key])
    generation = _generation(found)
    stored = found.get(key)
    return generation, stored if _current(stored, generation) else None


def _generation(found: dict[str, Any]) -> int:
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def _current(stored: Any, generation: object) -> bool:
    # Four fields: an entry of the previous release (three) is rendered again, not misread.
    return isinstance(stored, tuple) and len(stored) == 4 and stored[0] == generation


def _local_get(key: str) -> Any:
    entry = _local.get(key)
    if entry is None:
        return None
    if entry[0] <= time.monotonic():
        _local.pop(key, None)
        return None
    return entry[1]


def _local_put(key: str, stored: Any) -> None:
    seconds = settings.PUBLIC_PAGE_LOCAL_SECONDS
    if not seconds:
        return
    with _local_lock:
        _local[key] = (time.monotonic() + seconds, stored)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def _replay(stored: Any, request: HttpRequest | None = None) -> HttpResponse:
    _, content, headers, _early = stored
    personal_token = request is not None and _CSRF_PLACEHOLDER in content
    if request is not None and personal_token:
        content = content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    response = replayed(content, headers)
    # A page with the visitor's token (and their CSRF cookie) is for no proxy to keep.
    return response if personal_token else _public_headers(response)


def stored_headers(response: HttpResponse) -> list[tuple[str, str]]:
    """The headers a stored page is replayed with (portal.personal_cache stores pages too)."""
    return [
        (name, value) for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    ]


def replayed(content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    """A stored page as a response again, with the headers it was stored with."""
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def _store(key: str, generation: int, response: HttpResponse, seconds: int, early: bool) -> None:
    headers = stored_headers(response)
    content = response.content
    if not early:
        content = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", content)
    cache.set(key, (generation, content, headers, early), timeout=seconds)


def public_page_response(
    request: HttpRequest,
    build: Callable[[], HttpResponse],
    *,
    timeout: int | None = None,
    early: bool = True,
    csrf: bool = False,
) -> HttpResponse:
    """`build()`'s response, from the cache for an anonymous visitor when it is stored there.

    `early=False`: PublicPageCacheMiddleware never answers with this page before the view runs
    (the view counts something on every request first). `csrf=True` (implies early=False):
    the page holds a form, whose token is the visitor's own on every replay.
    """
    seconds = _seconds(timeout)
    if not seconds or not _anonymous(request):
        return build()
    early = early and not csrf
    key = _key(request)
    generation, stored = _lookup(request, key)
    if stored is not None:
        return _replay(stored, request)
    response = build()
    if not _shareable(request, response, csrf):
        return response
    if not csrf:
        _public_headers(response)
    if hasattr(request, _FOUND_ATTR):
        # The middleware stores it once every header is set.
        setattr(response, _STORE_ATTR, (key, generation, seconds, early))
    else:
        _store(key, generation, response, seconds, early)
    return response


def _early_view(request: HttpRequest) -> Any:
    # Known without a Redis round trip that every other page (the assistant, a 404, the login
    # form) would pay for nothing. True, or the function that admits the visit first.
    return view_mark(request.path_info, EARLY_ATTR)


def _admitted(mark: Any, request: HttpRequest) -> bool:
    return mark is True or bool(mark(request))


def answered_early_once(
    admit: Callable[[HttpRequest], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator, outermost, for a view that calls public_page_response itself: the middleware
    answers its stored page once `admit(request)` is true. `admit` does what the view does
    first on every request (count the visit against a rate limit) and must leave its outcome
    on the request, for the view not to do it twice when it says no."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        setattr(view, EARLY_ATTR, admit)
        return view

    return decorate


class PublicPageCacheMiddleware:
    """Answers anonymous GETs with the stored page before the rest of the stack (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _anonymous(request):
            return self.get_response(request)
        mark = _early_view(request)
        if not mark:
            return self.get_response(request)
        key = _key(request)
        kept = _local_get(key)
        if kept is not None:
            # Refused: the view answers the refusal (nothing of it is stored).
            return _replay(kept) if _admitted(mark, request) else self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        stored = found.get(key)
        if stored is not None and _current(stored, found.get(GENERATION_KEY)) and stored[3]:
            _local_put(key, stored)
            if _admitted(mark, request):
                return _replay(stored)
        setattr(request, _FOUND_ATTR, found)
        response = self.get_response(request)
        pending = getattr(response, _STORE_ATTR, None)
        if pending is None:
            return response
        if self._still_shareable(response):
            key, generation, seconds, early = pending
            _store(key, generation, response, seconds, early)
        else:  # the view said public: no proxy may keep it now
            del response["Cache-Control"]
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _still_shareable(response: HttpResponse) -> bool:
        # The inner middlewares ran after the view: none may have made the page personal.
        return (
            response.status_code == 200
            and not response.cookies
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )


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

        # Kept by the decorators above it (functools.wraps copies it): the middleware's mark.
        setattr(wrapped, EARLY_ATTR, True)
        return wrapped

    return decorate(view) if view is not None else decorate


def published_value_get(key: str) -> tuple[int, Any]:
    """A value derived from published content (e.g. an assistant answer), stored under the
    current generation: (generation, value or None), in one round trip. Staff publishing makes
    it stale with the pages (public_pages_invalidate)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = _generation(found)
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == generation:
        return generation, stored[1]
    return generation, None


def published_value_set(key: str, generation: int, value: Any, *, timeout: int) -> None:
    """Store `value` for `published_value_get`, under the generation read before computing it."""
    cache.set(key, (generation, value), timeout=timeout)


def public_pages_invalidate() -> None:
    """Every stored public page is stale: the next visit of each renders it again (in the
    other web processes, once their own copies are PUBLIC_PAGE_LOCAL_SECONDS old)."""
    with _local_lock:
        _local.clear()
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
