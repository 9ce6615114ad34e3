"""The search table's triggers, their repair, and PostgreSQL's indexes."""

import pytest
from django.core.management import call_command
from django.db import connection

from directory.models import DirectoryEntry
from directory.selectors import directory_search
from directory.sync import POSTGRESQL_INDEXES, ROLL_TABLE
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        for event in ("insert", "update", "delete"):
            on_table = f" ON {ROLL_TABLE}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS directory_entry_after_{event}{on_table}")


def test_rebuild_repairs_lost_triggers_and_missing_rows(capsys):
    _drop_triggers()
    DoctorFactory(last_name="Oublie")
    assert not DirectoryEntry.objects.exists()
    call_command("rebuild_directory")
    assert "1 doctors searchable" in capsys.readouterr().out
    assert [e.last_name for e in directory_search(text="oublie").entries] == ["Oublie"]
    DoctorFactory(last_name="Ensuite")
    assert [e.last_name for e in directory_search(text="ensuite").entries] == ["Ensuite"]


def test_postgresql_has_the_search_indexes(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'directory_directoryentry'"
        )
        present = {row[0] for row in cursor.fetchall()}
    assert set(POSTGRESQL_INDEXES) <= present


def test_postgresql_folds_like_python(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT directory_fold(%s), directory_document(%s, %s, %s, %s)",
            ["Œuvray-Lefèvre", "D'Almeida", "Jean-Loup", "Médecine générale", "Saint-Étienne"],
        )
        folded, document = cursor.fetchone()
    assert folded == "oeuvray-lefevre"
    assert document == " d almeida jean loup medecine generale saint etienne"
