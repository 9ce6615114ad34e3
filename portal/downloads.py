"""Responses carrying a person's data: never cached, never sniffed, always an attachment."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header


def private_headers(response: HttpResponse | StreamingHttpResponse) -> None:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"


def private_attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    private_headers(response)
    return response
