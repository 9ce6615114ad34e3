"""Ends a logged-in session after 30 idle minutes or 12 hours in all (settings)."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED_KEY = "_session_started_at"
LAST_SEEN_KEY = "_session_last_seen_at"
# Writing the session on every request would cost a cache and database write each time.
TOUCH_INTERVAL = 60


def session_due(session: Any, now: int) -> bool:
    """True when this request must end the session (idle or too old) or touch it."""
    started = session.get(STARTED_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if started is None or last_seen is None:
        return True
    return (
        now - last_seen >= TOUCH_INTERVAL
        or now - last_seen > settings.SESSION_IDLE_TIMEOUT
        or now - started > settings.SESSION_ABSOLUTE_TIMEOUT
    )


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._enforce(request)
        return self.get_response(request)

    def _enforce(self, request: HttpRequest) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED_KEY, now)
        last_seen = session.get(LAST_SEEN_KEY, now)
        idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
        too_old = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
        if idle or too_old:
            logout(request)
            messages.info(
                request,
                "Votre session a expiré par sécurité. Veuillez vous reconnecter.",
            )
            return
        if now - last_seen >= TOUCH_INTERVAL or LAST_SEEN_KEY not in session:
            session[LAST_SEEN_KEY] = now
