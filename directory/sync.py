"""Keeping directory_entry in step with the roll: triggers on roll_doctor, on both databases.

The roll app writes doctors in many ways (admin, CSV import through COPY, seeding, raw SQL in
benchmarks); triggers see them all without the roll app knowing about the directory. PostgreSQL
uses statement-level triggers with transition tables, so a bulk import refreshes the search
table with one set-based statement. SQLite uses row triggers calling the Python functions
registered in directory.db (present on every Django connection).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.utils import CursorWrapper

from directory import db

TABLE = "directory_directoryentry"
ROLL_TABLE = "roll_doctor"
_COLUMNS = (
    "doctor_id, document, last_name_key, first_name_key, specialty_key, rpps, department, postcode"
)
_UPDATES = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS.split(", ")[1:])


def _values(row: str) -> str:
    return (
        f"{row}.id, directory_document({row}.last_name, {row}.first_name, {row}.specialty, "
        f"{row}.city), directory_fold({row}.last_name), directory_fold({row}.first_name), "
        f"directory_fold({row}.specialty), {row}.rpps, {row}.department, {row}.postcode"
    )


POSTGRESQL_INDEXES = {
    # Word starts anywhere in the document (directory.db.WordStarts).
    "directory_entry_document_words": "USING gin (to_tsvector('simple'::regconfig, document))",
    # Name starts (LIKE 'dur%' needs the C collation) and the alphabetical order.
    "directory_entry_name_order": (
        '(last_name_key COLLATE "C", first_name_key COLLATE "C", doctor_id)'
    ),
    "directory_entry_postcode_prefix": "(postcode varchar_pattern_ops)",
    "directory_entry_rpps_prefix": "(rpps varchar_pattern_ops)",
}


def postgresql_install(cursor: CursorWrapper) -> None:
    db.postgresql_install_functions(cursor)
    execute = cursor.execute
    execute(
        "CREATE OR REPLACE FUNCTION directory_entry_upsert() RETURNS trigger "  # noqa: S608 - constant table names
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {TABLE} ({_COLUMNS}) SELECT {_values('changed')} FROM changed_rows changed "
        f"ON CONFLICT (doctor_id) DO UPDATE SET {_UPDATES}; "
        "RETURN NULL; END $$"
    )
    execute(
        "CREATE OR REPLACE FUNCTION directory_entry_delete() RETURNS trigger "  # noqa: S608 - constant table names
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {TABLE} WHERE doctor_id IN (SELECT id FROM gone_rows); "
        "RETURN NULL; END $$"
    )
    for event, function, transition in (
        ("INSERT", "directory_entry_upsert", "NEW TABLE AS changed_rows"),
        ("UPDATE", "directory_entry_upsert", "NEW TABLE AS changed_rows"),
        ("DELETE", "directory_entry_delete", "OLD TABLE AS gone_rows"),
    ):
        name = f"directory_entry_after_{event.lower()}"
        execute(f"DROP TRIGGER IF EXISTS {name} ON {ROLL_TABLE}")
        execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {ROLL_TABLE} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    for name, definition in POSTGRESQL_INDEXES.items():
        execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {definition}")
    # Searches read a few thousand rows at most: starting parallel workers would cost more
    # (about 10 ms) than it could save.
    execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")


def postgresql_uninstall(cursor: CursorWrapper) -> None:
    for event in ("insert", "update", "delete"):
        cursor.execute(f"DROP TRIGGER IF EXISTS directory_entry_after_{event} ON {ROLL_TABLE}")
    cursor.execute("DROP FUNCTION IF EXISTS directory_entry_upsert()")
    cursor.execute("DROP FUNCTION IF EXISTS directory_entry_delete()")
    for name in POSTGRESQL_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    db.postgresql_uninstall_functions(cursor)


def sqlite_install(cursor: CursorWrapper) -> None:
    execute = cursor.execute
    upsert = (
        f"INSERT INTO {TABLE} ({_COLUMNS}) SELECT {_values('NEW')} "
        f"WHERE true ON CONFLICT (doctor_id) DO UPDATE SET {_UPDATES};"
    )
    for event in ("INSERT", "UPDATE"):
        name = f"directory_entry_after_{event.lower()}"
        execute(f"DROP TRIGGER IF EXISTS {name}")
        execute(f"CREATE TRIGGER {name} AFTER {event} ON {ROLL_TABLE} BEGIN {upsert} END")
    execute("DROP TRIGGER IF EXISTS directory_entry_after_delete")
    execute(
        f"CREATE TRIGGER directory_entry_after_delete AFTER DELETE ON {ROLL_TABLE} "  # noqa: S608 - constant table names
        f"BEGIN DELETE FROM {TABLE} WHERE doctor_id = OLD.id; END"
    )


def sqlite_uninstall(cursor: CursorWrapper) -> None:
    for event in ("insert", "update", "delete"):
        cursor.execute(f"DROP TRIGGER IF EXISTS directory_entry_after_{event}")


def install(cursor: CursorWrapper) -> None:
    """Functions, triggers and indexes for the connection's database, then a full refresh."""
    vendor = cursor.db.vendor
    if vendor == "postgresql":
        postgresql_install(cursor)
    elif vendor == "sqlite":
        sqlite_install(cursor)
    else:
        raise ImproperlyConfigured(f"The directory supports PostgreSQL and SQLite, not {vendor}.")
    refresh(cursor)


def uninstall(cursor: CursorWrapper) -> None:
    if cursor.db.vendor == "postgresql":
        postgresql_uninstall(cursor)
    else:
        sqlite_uninstall(cursor)


def refresh(cursor: CursorWrapper) -> None:
    """Rebuild every row from the roll in two set-based statements."""
    cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - constant names
    cursor.execute(
        f"INSERT INTO {TABLE} ({_COLUMNS}) SELECT {_values('d')} FROM {ROLL_TABLE} d"  # noqa: S608
    )
    if cursor.db.vendor == "postgresql":
        cursor.execute(f"ANALYZE {TABLE}")
