"""Fixtures of the guides tests: small content files loaded through the real loader."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from guides.loading import guides_load
from guides.models import Sheet

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture
def shipped_defaults(db) -> None:
    """The rows migration 0002 creates (synonyms, hub links), even after a flushing test.

    Tests on `transactional_db` elsewhere in the suite empty every table when they finish,
    migration data included: run the migration's own (idempotent) function again.
    """
    migration = importlib.import_module("guides.migrations.0002_default_synonyms_and_hub_links")
    migration.create_defaults(django_apps, None)


@pytest.fixture
def loaded(shipped_defaults, settings) -> dict[str, Sheet]:
    # The default thresholds are measured on the shipped guides (23 sheets); BM25 scores are
    # lower in a three-sheet corpus, so the fixtures use a floor sized for it.
    settings.GUIDES_ASSISTANT = {"min_score": 1.0}
    guides_load(directory=FIXTURE_CONTENT)
    return {sheet.key: sheet for sheet in Sheet.objects.select_related("guide")}
