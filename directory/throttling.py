"""Rate limits of the directory's pages and API against copying the roll."""

from django.conf import settings
from django.http import HttpRequest

from portal import ratelimit

RATE_LIMITED_MESSAGE = (
    "Vous avez effectué beaucoup de recherches en peu de temps. "
    "Veuillez patienter {minutes} minute{plural} avant de réessayer."
)


def directory_rate_limit(request: HttpRequest) -> ratelimit.RateLimitResult | None:
    """Count one search or entry view for the client; the exceeded limit, or None."""
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
