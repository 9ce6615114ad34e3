"""The OpenAPI schema and its Swagger UI, whose views are loaded on their first request.

drf-spectacular's views bring schema generation and, through DRF's test helpers, Django's test
client, unittest and Jinja2: memory that a worker serving doctors and patients never uses.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


@cache
def _views() -> tuple[View, View]:
    from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

    return (
        SpectacularAPIView.as_view(),
        SpectacularSwaggerSplitView.as_view(url_name="api_schema"),
    )


def api_schema(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _views()[0](request, *args, **kwargs)


def api_docs(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _views()[1](request, *args, **kwargs)
