"""Settings of the directory app (read from the environment where they vary)."""

import environ

env = environ.Env()

# Searches and entry views allowed per client address, page and API together: comma-separated
# rates such as "30/m,600/d" (portal.ratelimit syntax). Enough for a person, slow for a robot.
DIRECTORY_RATE_LIMITS: list[str] = env.list("DIRECTORY_RATE_LIMITS", default=["30/m", "600/d"])
# Seconds an anonymous visitor's search or entry page is shared from the cache (portal.page_cache;
# the rate limits above still count every request): a change of the roll shows within this time.
DIRECTORY_PAGE_CACHE_SECONDS = env.int("DIRECTORY_PAGE_CACHE_SECONDS", default=60)
