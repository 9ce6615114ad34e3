"""Production refuses forwarded requests while the trusted proxies are not configured (R1 #1).

Behind the HTTPS proxy every request reaches gunicorn from the proxy's address: without
TRUSTED_PROXY_COUNT the portal would count every visitor as that one address, so ten wrong
passwords by anyone would lock every doctor out. A request carrying X-Forwarded-For while
TRUSTED_PROXY_COUNT is unset is that mistake: the request is refused (500, logged with the
variable's name) instead of silently sharing one rate-limit bucket. Setting the variable to 0
says "no proxy in front": the header is then ignored, never refused.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

MESSAGE = (
    "A request arrived with X-Forwarded-For but TRUSTED_PROXY_COUNT is not set: every client "
    "would share the proxy's rate limits. Set TRUSTED_PROXY_COUNT to the number of proxies in "
    "front of gunicorn (1 for the documented deployment), or 0 if there is none "
    "(docs/deployment.md)."
)


class TrustedProxyRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if settings.TRUSTED_PROXY_COUNT is not None:
            raise MiddlewareNotUsed  # configured: nothing to check, nothing to pay per request
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_FOR" in request.META:
            logger.critical(MESSAGE)
            raise ImproperlyConfigured(MESSAGE)
        return self.get_response(request)
