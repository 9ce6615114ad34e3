"""The assistant's tuning from settings, readable without the app registry (for the evaluation)."""

from django.conf import settings

from guides.search import SearchSettings


def search_settings() -> SearchSettings:
    return SearchSettings(**getattr(settings, "GUIDES_ASSISTANT", {}))
