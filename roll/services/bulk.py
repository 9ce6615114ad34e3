"""Writing many doctors at once: COPY on PostgreSQL, Django's bulk operations elsewhere.

At the roll's size (261,000 doctors) bulk_update's CASE expressions take minutes, so on
PostgreSQL rows are streamed with COPY into a scratch table and moved with one INSERT or UPDATE.
Callers run these inside their own transaction.
"""

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from roll.models import Doctor

BATCH_SIZE = 2000
_SQL_TYPES = {
    "id": "bigint",
    "registered_on": "date",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}
_SCRATCH = "roll_doctor_scratch"


def _batches(rows: Iterable[Sequence[object]]) -> Iterator[list[Sequence[object]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


_DB_COLUMNS = {field.name: field.column for field in Doctor._meta.concrete_fields if field.column}


def _column(name: str) -> str:
    return connection.ops.quote_name(_DB_COLUMNS[name])


def _copy_to_scratch(
    cursor: CursorWrapper, fields: Sequence[str], rows: Iterable[Sequence[object]], now: datetime
) -> None:
    """A temporary table holding `rows` (values in `fields` order) and `now` as updated_at."""
    names = [*fields, "updated_at"]
    definitions = ", ".join(f"{_column(name)} {_SQL_TYPES.get(name, 'text')}" for name in names)
    columns = ", ".join(_column(name) for name in names)
    cursor.execute(f"CREATE TEMPORARY TABLE {_SCRATCH} ({definitions}) ON COMMIT DROP")
    with cursor.copy(f"COPY {_SCRATCH} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, now))


def doctors_bulk_insert(
    *, fields: Sequence[str], rows: Iterable[Sequence[object]], skip_existing: bool = False
) -> int:
    """Insert doctors given as tuples of `fields` values; return how many were inserted.

    With `skip_existing`, a row whose RPPS is already on the roll is left out; otherwise it is
    an IntegrityError and the caller's transaction rolls back.
    """
    now = timezone.now()
    if connection.vendor != "postgresql":
        before = Doctor.objects.count()
        for batch in _batches(rows):
            Doctor.objects.bulk_create(
                [Doctor(**dict(zip(fields, row, strict=True))) for row in batch],
                ignore_conflicts=skip_existing,
            )
        return Doctor.objects.count() - before
    table = connection.ops.quote_name(Doctor._meta.db_table)
    columns = ", ".join(_column(name) for name in [*fields, "updated_at"])
    conflict = f" ON CONFLICT ({_column('rpps')}) DO NOTHING" if skip_existing else ""
    with connection.cursor() as cursor:
        _copy_to_scratch(cursor, fields, rows, now)
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {_column('created_at')}) "  # noqa: S608 - model names
            f"SELECT {columns}, {_column('updated_at')} FROM {_SCRATCH}{conflict}"
        )
        inserted: int = cursor.rowcount
        cursor.execute(f"DROP TABLE {_SCRATCH}")
    return inserted


def doctors_bulk_update(*, fields: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Overwrite `fields` of existing doctors; each row is (id, *values in `fields` order)."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        for batch in _batches(rows):
            doctors = [
                Doctor(id=row[0], updated_at=now, **dict(zip(fields, row[1:], strict=True)))
                for row in batch
            ]
            # bulk_update skips auto_now, hence updated_at set above and listed here.
            Doctor.objects.bulk_update(doctors, [*fields, "updated_at"])
        return
    table = connection.ops.quote_name(Doctor._meta.db_table)
    assignments = ", ".join(
        f"{_column(name)} = scratch.{_column(name)}" for name in [*fields, "updated_at"]
    )
    with connection.cursor() as cursor:
        _copy_to_scratch(cursor, ["id", *fields], rows, now)
        cursor.execute(
            f"UPDATE {table} SET {assignments} "  # noqa: S608 - names come from the model
            f"FROM {_SCRATCH} AS scratch WHERE {table}.{_column('id')} = scratch.{_column('id')}"
        )
        cursor.execute(f"DROP TABLE {_SCRATCH}")
