"""Settings of the directory app (read from the environment where they vary)."""

import environ

env = environ.Env()

# Searches and entry views allowed per client address, page and API together: comma-separated
# rates such as "30/m,600/d" (portal.ratelimit syntax). Enough for a person, slow for a robot.
DIRECTORY_RATE_LIMITS: list[str] = env.list("DIRECTORY_RATE_LIMITS", default=["30/m", "600/d"])
