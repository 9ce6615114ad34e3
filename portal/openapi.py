"""OpenAPI annotations on API views, handed to drf-spectacular only when a schema is generated.

drf-spectacular's `extend_schema` resolves the schema class as soon as it decorates a view,
which imports its schema machinery and, through DRF's test helpers, Django's test client,
unittest and Jinja2: about 5 MB in every web worker, none of which serves the schema. This
`extend_schema` takes the same arguments and only records them; `apply_annotations()` passes
them, in declaration order, to drf-spectacular's own decorator the first time a schema is built
(`portal.openapi_schema.SchemaGenerator`, set as drf-spectacular's generator class, so the
schema view, the `spectacular` command and the deploy check all go through it).
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

Target = TypeVar("Target")

_pending: list[tuple[Any, dict[str, Any]]] = []
_lock = threading.Lock()


def extend_schema(**kwargs: Any) -> Callable[[Target], Target]:
    """Record drf-spectacular's `extend_schema(**kwargs)` for `target`, to apply later."""

    def decorator(target: Target) -> Target:
        with _lock:
            _pending.append((target, kwargs))
        return target

    return decorator


def apply_annotations() -> None:
    """Apply every recorded annotation once (idempotent, thread-safe)."""
    with _lock:
        if not _pending:
            return
        from drf_spectacular.utils import extend_schema as spectacular_extend_schema  # noqa: TID251

        for target, kwargs in _pending:
            spectacular_extend_schema(**kwargs)(target)
        _pending.clear()
