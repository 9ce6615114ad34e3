"""A logged-in person's everyday pages kept for the session that rendered them (W1).

`/espace/`, `/espace/cotisations/` and `/espace/coffre/` are opened again and again during the
dues rush, and rendering one costs ten times a bare Django page (the session, the user, four
to seven queries, a large template). A view decorated with `personal_page` has its rendered
page stored in the cache (Redis in production) under a key made of the session key, the CSRF
cookie and the full path, so an entry can only ever be replayed to the browser it was made
for. Each entry carries three stamps, and is replayed only while all three hold:

- the person's token (`personal-pages:user:<id>`): deleted whenever a row they see changes
  (`portal.personal_sources` connects the signals; services that update in bulk call
  `personal_pages_invalidate`), so the next visit renders the page again;
- the portal-wide token: deleted when a row every doctor sees changes (a campaign's amounts)
  or after a bulk import (`personal_pages_invalidate_all`);
- the day (Europe/Paris): pages count days to a deadline.

A token is a random value, made again when missing: an entry stored under a token that was
deleted, or evicted from Redis, can never match again. Entries expire after
PERSONAL_PAGE_CACHE_SECONDS in any case (0 turns the cache off).

`PersonalPageCacheMiddleware`, right after the public page cache, answers a GET from the cache
before the rest of the stack, in one Redis round trip once this process has seen the session
(below), after checking what the skipped middlewares would have checked:
the session exists and is logged in as the entry's person, it is neither idle nor too old and
needs no touch (accounts.middleware.session_due), and no message waits for the person (a cookie
or the session holding one). Anything else goes through the whole stack, where the decorator
stores the page once its response is final. What is never stored: an answer other than 200, a
streamed one, one that sets a cookie other than the CSRF cookie's renewal, one that showed or
added a message, one whose CSP nonce was used, and any page of a request with a message
waiting. A view that must record each visit (the vault's access journal) passes `on_hit`,
which runs for every page answered from the cache.

One round trip: the session (sessions live in the same cache, `cached_db`), the portal-wide
token, the entry and the person's token are read with one `MGET`. The person's token is named
by their id, which only the session says; each process remembers whose each session it has
answered (`_session_users`, the most recent SESSION_USERS) and names that person's token in
the same read. What is remembered only chooses a key to read: the session read alongside
must name the same person, or the token is read again for the person it names. Django gives
a session a new key at login and ends it at logout, so a key's person does not change.
Measured in-process on `/espace/coffre/` answered from the cache: two round trips (session,
then the rest) → one.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.middleware import session_due
from portal.page_cache import replayed, stored_headers
from portal.view_marks import view_mark

ALL_KEY = "personal-pages:all"
# On a view decorated with personal_page: the middleware may answer it from the cache.
PERSONAL_ATTR = "personal_page_hit"
# On the request, set by the middleware: the lookup it made, so the view need not ask again.
_FOUND_ATTR = "_personal_page_found"
# On the response, set by the decorator for the middleware to store once it is final.
_STORE_ATTR = "_personal_page_store"
_ENTRY_FIELDS = 6

OnHit = Callable[[HttpRequest, int], None]

# Session key → the person it is logged in as, for the sessions this process answered last.
SESSION_USERS = 4096
_session_users: OrderedDict[str, str] = OrderedDict()
_session_users_lock = threading.Lock()  # runserver serves from threads


def _session_user_remember(session_key: str, user_id: str) -> None:
    with _session_users_lock:
        _session_users[session_key] = user_id
        _session_users.move_to_end(session_key)
        while len(_session_users) > SESSION_USERS:
            _session_users.popitem(last=False)


def _user_key(user_id: object) -> str:
    return f"personal-pages:user:{user_id}"


def _entry_key(session_key: str, csrf_cookie: str, path: str) -> str:
    digest = hashlib.sha256(f"{session_key}\n{csrf_cookie}\n{path}".encode()).hexdigest()[:40]
    return f"personal-page:{digest}"


def _today() -> str:
    return timezone.localdate().isoformat()


def _seconds() -> int:
    return int(settings.PERSONAL_PAGE_CACHE_SECONDS)


def _tokens(found: dict[str, Any], user_id: object) -> tuple[str, str]:
    """The current portal-wide and personal tokens, made again where missing."""
    made = {}
    for key in (ALL_KEY, _user_key(user_id)):
        if found.get(key) is None:
            made[key] = secrets.token_hex(8)
    if made:
        for key, token in made.items():
            # add(): another worker may have made it first; theirs is the one kept.
            if not cache.add(key, token, timeout=_seconds()):
                made[key] = cache.get(key) or token
        found = {**found, **made}
    return str(found[ALL_KEY]), str(found[_user_key(user_id)])


def _matches(stored: Any, tokens: tuple[str, str], user_id: object) -> bool:
    return (
        isinstance(stored, tuple)
        and len(stored) == _ENTRY_FIELDS
        and (stored[0], stored[1]) == tokens
        and stored[2] == _today()
        and stored[3] == str(user_id)
    )


def _replay(stored: tuple[Any, ...]) -> HttpResponse:
    return replayed(stored[4], stored[5])


def _store(key: str, tokens: tuple[str, str], user_id: object, response: HttpResponse) -> None:
    entry = (*tokens, _today(), str(user_id), response.content, stored_headers(response))
    cache.set(key, entry, timeout=_seconds())


def _message_waiting(request: HttpRequest, session: Any) -> bool:
    return CookieStorage.cookie_name in request.COOKIES or SessionStorage.session_key in session


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    storage = getattr(request, "_messages", None)
    cookies = {name for name in response.cookies if name != settings.CSRF_COOKIE_NAME}
    return (
        response.status_code == 200
        and not response.streaming
        and not cookies
        # A message shown or added here is this moment's, not the page's.
        and not getattr(storage, "added_new", False)
        and not getattr(storage, "_loaded_messages", None)
        # The nonce belongs to one response: replaying it would let a script injected later
        # reuse it.
        and getattr(request, "_csp_nonce", None) is None
    )


def _request_key(request: HttpRequest) -> str | None:
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key or request.method != "GET" or request.META.get("HTTP_AUTHORIZATION"):
        return None
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return _entry_key(session_key, csrf_cookie, request.get_full_path())


def personal_page_response(
    request: HttpRequest, build: Callable[[], HttpResponse], on_hit: OnHit | None = None
) -> HttpResponse:
    """`build()`'s response, or the one stored for this session and path while it holds."""
    key = _request_key(request) if _seconds() else None
    user = getattr(request, "user", None)
    if key is None or user is None or not user.is_authenticated:
        return build()
    if _message_waiting(request, request.session):
        return build()
    found = getattr(request, _FOUND_ATTR, None)
    if found is None:
        found = cache.get_many([ALL_KEY, _user_key(user.pk), key])
    tokens = _tokens(found, user.pk)
    stored = found.get(key)
    if stored is not None and _matches(stored, tokens, user.pk):
        if on_hit is not None:
            on_hit(request, user.pk)
        return _replay(stored)
    response = build()
    if _storable(request, response):
        if hasattr(request, _FOUND_ATTR):
            # The middleware stores it once every header is set.
            setattr(response, _STORE_ATTR, (key, tokens, user.pk))
        else:
            _store(key, tokens, user.pk, response)
    return response


def personal_page(
    view: Callable[..., HttpResponse] | None = None, *, on_hit: OnHit | None = None
) -> Any:
    """Decorator, outermost: the view's page kept for the session (personal_page_response)."""

    def decorate(function: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(function)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return personal_page_response(
                request, lambda: function(request, *args, **kwargs), on_hit
            )

        setattr(wrapped, PERSONAL_ATTR, on_hit or True)
        return wrapped

    return decorate(view) if view is not None else decorate


class PersonalPageCacheMiddleware:
    """Answers a logged-in GET with its stored page before the rest of the stack (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _request_key(request) if _seconds() else None
        hit = view_mark(request.path_info, PERSONAL_ATTR) if key is not None else None
        if key is None or hit is None:
            return self.get_response(request)
        answer = self._early(request, key)
        if answer is not None:
            if callable(hit):
                hit(request, int(answer[0]))
            return answer[1]
        response = self.get_response(request)
        pending = getattr(response, _STORE_ATTR, None)
        if pending is not None and self._still_storable(request, response):
            _store(pending[0], pending[1], pending[2], response)
        return response

    @staticmethod
    def _session_cache_key(store: Any) -> str | None:
        """The session's key in `cache`, when sessions are kept there (cached_db, cache)."""
        if settings.SESSION_CACHE_ALIAS != "default" or not store.session_key:
            return None
        return getattr(store, "cache_key", None)

    @staticmethod
    def _still_storable(request: HttpRequest, response: HttpResponse) -> bool:
        # A new CSRF cookie makes the page's token the next request's, under another key.
        csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
        renewed = csrf is None or csrf.value == request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        return response.status_code == 200 and renewed

    def _early(self, request: HttpRequest, key: str) -> tuple[str, HttpResponse] | None:
        session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
        store = self.session_store(session_key)
        session_cache_key = self._session_cache_key(store)
        known = _session_users.get(session_key)
        keys = [ALL_KEY, key]
        if known:
            keys.append(_user_key(known))
        if session_cache_key:
            keys.append(session_cache_key)
        found = cache.get_many(keys)
        session = found.pop(session_cache_key, None) if session_cache_key else None
        if session is None:
            session = store.load()  # from the database (and back into the cache)
        user_id = session.get(SESSION_KEY)
        if user_id is None or _message_waiting(request, session):
            return None
        if session_due(session, int(time.time())):
            return None  # the full stack touches the session or ends it
        if str(user_id) != known:  # only this person's token is read from `found`
            found.update(cache.get_many([_user_key(user_id)]))
            _session_user_remember(session_key, str(user_id))
        stored = found.get(key)
        if stored is not None and _matches(stored, _tokens(found, user_id), user_id):
            return str(user_id), _replay(stored)
        setattr(request, _FOUND_ATTR, found)
        return None


def personal_pages_invalidate(user_ids: Any) -> None:
    """The pages stored for these people are stale (after the transaction commits)."""
    keys = [_user_key(user_id) for user_id in set(user_ids) if user_id is not None]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def personal_pages_invalidate_all() -> None:
    """Every stored personal page is stale (after the transaction commits)."""
    transaction.on_commit(lambda: cache.delete(ALL_KEY))
