"""Response headers that hold for the whole portal (R1 #9).

- ``Permissions-Policy`` turns off the browser features no page uses; passkeys
  (WebAuthn) stay allowed for the portal's own origin.
- A response to a logged-in person, or to an API token, is personal: it carries
  ``Cache-Control: no-store`` so that no shared cache, proxy or back button keeps it.
  Responses that set their own ``no-store`` (downloads) are left as they are.

Placed after WhiteNoise in MIDDLEWARE: static files keep their long cache lifetimes.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "xr-spatial-tracking=()",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)


def request_is_personal(request: HttpRequest) -> bool:
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return portal_headers_apply(request, self.get_response(request))


def portal_headers_apply(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """The headers above on `response`: the middleware's, and /healthz's, which is answered
    before the middleware runs (portal.health)."""
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request_is_personal(request) and "no-store" not in response.get("Cache-Control", ""):
        add_never_cache_headers(response)
    return response
