"""The access journal keeps its composite indexes only (vault migration 0006, W1)."""

import pytest
from django.db import connection

from vault.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_the_journal_has_no_single_column_owner_or_document_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, AccessLogEntry._meta.db_table
        )
    indexes = {
        tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"]
    }
    assert ("owner_id",) not in indexes
    assert ("document_id",) not in indexes
    assert ("owner_id", "at") in indexes
    assert ("document_id", "at") in indexes
    foreign_keys = {tuple(c["columns"]) for c in constraints.values() if c["foreign_key"]}
    assert {("owner_id",), ("document_id",), ("actor_id",)} <= foreign_keys
