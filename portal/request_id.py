"""A request id for every request, in the `X-Request-ID` response header and in each log line.

The id comes from the `X-Request-ID` header set by the HTTPS proxy in front of the portal (so a
proxy log line and the portal's lines share it) when it is a short token, otherwise it is
generated. `current_user_id()` reads the user only if authentication already loaded it for
this request: logging never triggers a session or database read.

A streamed body (a vault download, an export) is produced after the middleware returned: it is
iterated inside the request's context, so its log lines and the key service calls it makes
(vault.kms: one unwrap per document) still name the request and its user.
"""

import contextvars
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Read from META: request.headers would copy all of META for each request.
_META_NAME = "HTTP_" + HEADER.upper().replace("-", "_")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "portal_request_id", default=None
)
_request: contextvars.ContextVar[Any] = contextvars.ContextVar("portal_request", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def current_user_id() -> int | None:
    request = _request.get()
    if request is None:
        return None
    # AuthenticationMiddleware caches the user here once something has asked for it.
    user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


def _within(context: contextvars.Context, content: Iterable[bytes]) -> Iterator[bytes]:
    iterator = iter(content)
    while True:
        try:
            yield context.run(next, iterator)
        except StopIteration:
            return


def _stream_within_request(response: "HttpResponse") -> None:
    from django.http import FileResponse, StreamingHttpResponse

    # Files (static ones included) keep their zero-copy path: they read no key and log nothing.
    if not isinstance(response, StreamingHttpResponse) or isinstance(response, FileResponse):
        return
    if response.is_async:
        return
    response.streaming_content = _within(contextvars.copy_context(), response.streaming_content)


class RequestIdMiddleware:
    """Put first in MIDDLEWARE so that every log line of the request carries the id."""

    def __init__(self, get_response: Callable[["HttpRequest"], "HttpResponse"]) -> None:
        self.get_response = get_response

    def __call__(self, request: "HttpRequest") -> "HttpResponse":
        incoming = request.META.get(_META_NAME, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = _request_id.set(request_id)
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
            _stream_within_request(response)
        finally:
            _request_id.reset(id_token)
            _request.reset(request_token)
        response[HEADER] = request_id
        return response
