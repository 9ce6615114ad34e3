"""Rate limits of the directory's pages and API against copying the roll."""

from django.conf import settings
from django.http import HttpRequest

from portal import ratelimit

RATE_LIMITED_MESSAGE = (
    "Vous avez effectué beaucoup de recherches en peu de temps. "
    "Veuillez patienter {minutes} minute{plural} avant de réessayer."
)


# On the request: its visit was counted, and what came of it (None: allowed).
_COUNTED_ATTR = "_directory_rate_limit"


def directory_rate_limit(request: HttpRequest) -> ratelimit.RateLimitResult | None:
    """Count one search or entry view for the client; the exceeded limit, or None. A request
    is counted once, however many times it is asked (the page cache, then the view)."""
    if hasattr(request, _COUNTED_ATTR):
        return getattr(request, _COUNTED_ATTR)
    refused = _count(request)
    setattr(request, _COUNTED_ATTR, refused)
    return refused


def directory_visit_admitted(request: HttpRequest) -> bool:
    """For the page cache, before it answers a stored directory entry (W1): counted, allowed."""
    return directory_rate_limit(request) is None


def _count(request: HttpRequest) -> ratelimit.RateLimitResult | None:
    address = ratelimit.client_ip(request)
    rates = settings.DIRECTORY_RATE_LIMITS
    results = ratelimit.hit_many([(f"directory:ip:{address}:{rate}", rate) for rate in rates])
    refused: ratelimit.RateLimitResult | None = None
    for result in results:
        if not result.allowed and (refused is None or result.retry_after > refused.retry_after):
            refused = result
    return refused


def rate_limited_message(result: ratelimit.RateLimitResult) -> str:
    minutes = ratelimit.retry_minutes(result)
    return RATE_LIMITED_MESSAGE.format(minutes=minutes, plural="s" if minutes > 1 else "")
