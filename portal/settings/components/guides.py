"""Settings of the guides app (read from the environment where they vary)."""

import environ

env = environ.Env()

# Questions to the assistant per client address (page and API together), portal.ratelimit syntax.
GUIDES_ASSISTANT_RATE = env.str("GUIDES_ASSISTANT_RATE", default="30/m")
# Seconds an assistant answer stays cached per normalised question (renewed at once when staff
# publish, as the public pages are); 0 turns the cache off.
GUIDES_ANSWER_CACHE_SECONDS = env.int("GUIDES_ANSWER_CACHE_SECONDS", default=3600)
# Where the assistant sends readers when no sheet answers their question.
GUIDES_CONTACT_URL = env.str(
    "GUIDES_CONTACT_URL",
    default="https://www.conseil-national.medecin.fr/lordre-medecins/conseils-departementaux",
)
# Retrieval tuning (guides.search.SearchSettings fields); the defaults are measured by
# `make eval-assistant`, change them only with its figures at hand.
GUIDES_ASSISTANT: dict[str, float | int] = {}
