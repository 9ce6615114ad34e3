"""Time `roll_seed` for the whole roll on PostgreSQL, against a raw COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/seed_roll.py [--doctors 261378] [--seed 0] [--keep]

The timing is for a first seeding: if the roll of DATABASE_URL is not empty (`make bench` runs
every benchmark on one database), the script runs itself in a scratch database created next to
it (`<name>_seed_roll`, migrated, dropped afterwards). The seeded doctors are deleted afterwards
unless --keep is given, so the script can be run again. The baselines copy the rows,
generated beforehand, into scratch tables: one bare, one with the roll's own indexes and
constraints, so the ratio shows what generation and the conflict check cost on top of COPY.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from roll.models import Doctor  # noqa: E402
from roll.services.seeding import FIELDS, roll_seed, synthetic_doctors  # noqa: E402
from tests.database_url import database_url  # noqa: E402

ROLL_SIZE = 261_378


def _copy(table: str, rows: list[tuple[object, ...]]) -> float:
    columns = ", ".join([*FIELDS, "created_at", "updated_at"])
    now = timezone.now()
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row, now, now))
    return time.perf_counter() - started


def _scratch_copy(rows: list[tuple[object, ...]], *, with_indexes: bool) -> float:
    table = "bench_roll_copy"
    like = "INCLUDING ALL" if with_indexes else "INCLUDING DEFAULTS INCLUDING IDENTITY"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} (LIKE {Doctor._meta.db_table} {like})")
    try:
        return _copy(table, rows)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")


def _in_scratch_database(argv: list[str]) -> int:
    """Run this script again in a fresh database on the same server, then drop that database."""
    db = connection.settings_dict
    scratch = f"{db['NAME']}_seed_roll"
    quoted = connection.ops.quote_name(scratch)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    env = {**os.environ, "DATABASE_URL": database_url(db, name=scratch)}
    print(f"{Doctor._meta.db_table} is not empty here: timing in scratch database {scratch}")
    try:
        manage = [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity=0"]
        subprocess.run(manage, env=env, check=True)
        return subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=ROLL_SIZE)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the seeded doctors")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        print("DATABASE_URL must point at PostgreSQL (the figures are for production).")
        return 2
    if Doctor.objects.exists():
        if args.keep:
            print(f"{Doctor._meta.db_table} is not empty: use an empty, migrated database.")
            return 2
        return _in_scratch_database(sys.argv[1:])

    started = time.perf_counter()
    created = roll_seed(doctors=args.doctors, seed=args.seed)
    seed_time = time.perf_counter() - started
    print(f"roll_seed: {created:,} doctors in {seed_time:.2f} s ({created / seed_time:,.0f}/s)")

    try:
        started = time.perf_counter()
        rows = [tuple(doctor) for doctor in synthetic_doctors(count=args.doctors, seed=args.seed)]
        generation = time.perf_counter() - started
        bare = _scratch_copy(rows, with_indexes=False)
        indexed = _scratch_copy(rows, with_indexes=True)
    finally:
        if not args.keep:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {Doctor._meta.db_table}")  # noqa: S608 - model name

    print(f"  generating the rows alone:             {generation:6.2f} s")
    print(f"  raw COPY, bare scratch table:          {bare:6.2f} s  ratio {seed_time / bare:.1f}x")
    print(
        f"  raw COPY, scratch table with indexes:  {indexed:6.2f} s  "
        f"ratio {seed_time / indexed:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
