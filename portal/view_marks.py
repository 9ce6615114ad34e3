"""What a URL's view is marked with (`public_page`, `personal_page`), without resolving it again.

The page caches answer before Django's handler resolves the URL, so each needs to know first
whether the view behind a path may be answered from the cache. `resolve()` walks the URL
patterns in order (0.27 ms for /espace/coffre/, more than the Redis read that answers the
page): the marks of a path are kept per process, for the most recent paths.
"""

from functools import lru_cache
from typing import Any

from django.urls import Resolver404, get_urlconf, resolve


@lru_cache(maxsize=4096)
def _marks(urlconf: Any, path_info: str, name: str) -> Any:
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, name, None)


def view_mark(path_info: str, name: str) -> Any:
    """The attribute `name` of the view `path_info` resolves to, or None."""
    return _marks(get_urlconf(), path_info, name)
