"""No blank page for a form-only URL, and a French page for every 405.

`post_only(redirect_to=...)` replaces Django's `require_POST` on the views that only receive a
form. Such a URL is opened with GET after a login redirect (`?next=` pointed at it when the
session had expired), after a reload of a refused upload, or from the history: the person is
sent back to the form with a message instead of an empty 405. A POST that arrives without a
session (it expired while the person was choosing a file) on an upload view is not silently
dropped either: the login page says the file was not received, and `next` leads back to the form.

`MethodNotAllowedMiddleware` turns the remaining 405s (a PUT, a GET on a webhook) that Django
answers with an empty body into the French page templates/405.html. A middleware rather than a
decorator: `require_GET`, `require_http_methods` and class-based views all answer 405 the same
way, and one place renders it for all of them; responses with a body (the API's JSON) pass.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import urlencode

from portal.errors import back_url

GET_MESSAGE = (
    "Cette adresse sert uniquement à envoyer un formulaire\u00a0: vous voici sur la page "
    "correspondante. Si votre démarche n’a pas abouti, recommencez-la ici."
)
UPLOAD_LOST_MESSAGE = (
    "Votre session a expiré\u00a0: le fichier que vous aviez choisi n’a pas été reçu. "
    "Connectez-vous, puis choisissez-le de nouveau."
)

View = Callable[..., HttpResponseBase]
Target = str | Callable[..., str]


def _target_url(target: Target, request: HttpRequest, kwargs: dict[str, Any]) -> str:
    return target(request, **kwargs) if callable(target) else resolve_url(target)


def post_only(
    *, redirect_to: Target, message: str = GET_MESSAGE, upload: bool = False
) -> Callable[[View], View]:
    """Accept POST; send GET and HEAD to the form at `redirect_to` with `message`.

    `redirect_to` is a URL name or path, or a callable taking the request and the URL's
    keyword arguments. With `upload=True`, an anonymous POST (expired session) goes to the login
    page with a message that the file was not received, then back to the form.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in ("GET", "HEAD"):
                messages.info(request, message)
                return redirect(_target_url(redirect_to, request, kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            if upload and not request.user.is_authenticated:
                return _upload_without_session(request, _target_url(redirect_to, request, kwargs))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _upload_without_session(request: HttpRequest, form_url: str) -> HttpResponse:
    messages.warning(request, UPLOAD_LOST_MESSAGE)
    login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': form_url})}"
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        # static/vault/upload.js navigates to the location it is given.
        return JsonResponse({"location": login_url})
    return redirect(login_url)


class MethodNotAllowedMiddleware:
    """Render templates/405.html for Django's empty 405 responses (the Allow header stays)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        if getattr(response, "content", b""):
            return response
        page = render(request, "405.html", {"back_url": back_url(request)}, status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
