"""A bulk insert into one table on PostgreSQL: foreign keys checked once, indexes built after.

What it buys, measured by bench/dues_campaign.py (docs/dues.md, 2 cores, PostgreSQL 15): the
first opening of a campaign writes 260,705 calls in 1.42–1.47 s against 0.96 s for a raw COPY
of the same rows (ratio 1.5, goal <= 2). Row by row, PostgreSQL runs one query per inserted
row for each foreign key and updates every index per row: that cost more than the insert
itself. Used once a year, for the first opening of a large roll
(`cotisations.services.campaigns.campaign_open_calls`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper


@contextmanager
def bulk_load(cursor: CursorWrapper, table: str) -> Iterator[None]:
    """Check foreign keys once for a whole bulk insert into `table`, and build its
    secondary indexes afterwards (PostgreSQL only).

    PostgreSQL checks a foreign key with one query per inserted row, which at 261,378 calls
    costs more than the insert itself, and maintaining an index row by row costs more than
    building it once. Inside the caller's transaction, the foreign keys and the non-unique
    indexes are dropped, the rows inserted, the indexes rebuilt and the keys added back
    NOT VALID then VALIDATEd (one set-based check of every row). A failure rolls everything
    back, keys and indexes included. The calls table is locked for the few seconds this
    takes, once a year. Unique indexes stay: ON CONFLICT needs them.
    """
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    keys = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary",
        [table],
    )
    indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    for name, _ in keys:
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    for _, definition in indexes:
        cursor.execute(definition)
    for name, definition in keys:
        cursor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition} NOT VALID"
        )
        cursor.execute(f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")
