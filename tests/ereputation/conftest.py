"""E-reputation fixtures: a local vault with known keys (kept analyses are encrypted objects)."""

import datetime

import pytest
from django.utils import timezone

from tests.fixtures.vault import use_local_vault


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path):
    return use_local_vault(settings, tmp_path / "vault")


def review_post(text: str, *, platform: str = "google", days_ago: int = 10, **extra: str):
    published = timezone.localdate() - datetime.timedelta(days=days_ago)
    return {
        "text": text,
        "platform": platform,
        "published_on": published.isoformat(),
        "url": "https://exemple.test/avis/123",
        **extra,
    }
