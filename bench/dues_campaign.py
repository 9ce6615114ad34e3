"""Time `open_dues_campaign` for the whole roll on PostgreSQL, against a raw COPY of as many rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_dues \\
        .venv/bin/python bench/dues_campaign.py [--doctors 261378] [--year 2099]

The script migrates the database, seeds the roll up to --doctors synthetic doctors (seeding is
idempotent), removes the bench year's calls if a previous run left some, then times:
  1. a raw COPY of --doctors rows of the calls' width into a bare scratch table (the baseline);
  2. opening the campaign of --year (one INSERT … SELECT from the roll joined to the tariffs,
     then one from the --companies companies of doctors joined to their designated partner).
The baseline copies as many rows as the campaign creates (doctors' and companies' calls).
It prints both and the ratio (goal: <= 2.0). Use a database of its own: it writes calls.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from cotisations.models import Campaign, DuesCall  # noqa: E402
from cotisations.services.campaigns import CALL_FIELDS, campaign_open  # noqa: E402
from roll.models import Company, CompanyPartner, Doctor, LegalForm  # noqa: E402
from roll.rpps import luhn_check_digit  # noqa: E402
from roll.services.seeding import roll_seed  # noqa: E402

ROLL_SIZE = 261_378
# Companies of doctors (SCP, SEL, SPFPL) registered with the councils: an order of magnitude.
COMPANIES = 10_000
SCRATCH = "bench_dues_copy"
# The columns the campaign writes, in the order the scratch table gets them.
COLUMNS = tuple(DuesCall._meta.get_field(name).column for name in CALL_FIELDS)


def _clear_year(year: int) -> None:
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        table = DuesCall._meta.db_table
        cursor.execute(f"DELETE FROM {table} WHERE campaign_id = %s", [campaign.pk])  # noqa: S608
        campaign.tariffs.all().delete()
        campaign.delete()


def _seed_companies(count: int) -> int:
    """Up to `count` synthetic companies of two partners, the first designated (idempotent)."""
    missing = count - Company.objects.count()
    if missing <= 0:
        return 0
    start = Company.objects.count()
    forms = LegalForm.values
    doctors = list(Doctor.objects.order_by("pk").values_list("pk", "department")[: 2 * count])
    companies = []
    for n in range(start, count):
        payload = f"97{n:06d}"
        companies.append(
            Company(
                name=f"Société de banc {n}",
                legal_form=forms[n % len(forms)],
                siren=payload + luhn_check_digit(payload),
                roll_number=f"BENCH-{n:06d}",
                department=doctors[2 * n][1],
                registered_on="2015-01-01",
                street="1 rue du Banc",
                postcode="75001",
                city="Paris",
            )
        )
    Company.objects.bulk_create(companies, batch_size=2000)
    created = Company.objects.filter(roll_number__startswith="BENCH-").order_by("roll_number")
    partners = []
    for n, company_id in enumerate(created.values_list("pk", flat=True)[start:count], start):
        for index in (0, 1):
            partners.append(
                CompanyPartner(
                    company_id=company_id,
                    doctor_id=doctors[2 * n + index][0],
                    joined_on="2015-01-01",
                    is_designated=index == 0,
                )
            )
    CompanyPartner.objects.bulk_create(partners, batch_size=5000)
    return missing


def _copy_baseline(count: int) -> float:
    """COPY `count` rows shaped like calls into a bare table (no index, no constraint)."""
    now = timezone.now()
    ids = list(Doctor.objects.order_by("pk").values_list("pk", "department")[:count])
    ids += ids[: count - len(ids)]  # the companies' rows: one more row per company
    rows = [
        (1, pk, "active", dept, 10500, 4000, 19500, 34000, 0, "open", now, now) for pk, dept in ids
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (LIKE {DuesCall._meta.db_table} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY)"
        )
    try:
        started = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.copy(f"COPY {SCRATCH} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=ROLL_SIZE)
    parser.add_argument("--year", type=int, default=2099)
    parser.add_argument("--companies", type=int, default=COMPANIES)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/dues_campaign.py needs PostgreSQL: set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/portal_bench_dues"
        )
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    added = roll_seed(doctors=args.doctors, seed=0)
    if added:
        print(f"seeded {added} doctors in {time.perf_counter() - started:.1f} s")
    if _seed_companies(args.companies):
        print(f"seeded {args.companies:,} companies of doctors")
    _clear_year(args.year)
    with connection.cursor() as cursor:
        # A previous run's deleted calls would otherwise linger as dead index entries.
        cursor.execute("VACUUM ANALYZE roll_doctor")
        cursor.execute(f"VACUUM ANALYZE {DuesCall._meta.db_table}")
    # As many rows as the campaign writes: about one per doctor, plus one per company.
    rows = args.doctors + Company.objects.count()
    copy_seconds = _copy_baseline(rows)
    started = time.perf_counter()
    campaign, created = campaign_open(year=args.year)
    open_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _, again = campaign_open(year=args.year)
    rerun_seconds = time.perf_counter() - started
    print(f"doctors on the roll:           {Doctor.objects.count():>9,}")
    print(f"companies of doctors:          {Company.objects.count():>9,}")
    print(f"raw COPY of {rows:,} rows:     {copy_seconds:8.2f} s")
    print(f"open_dues_campaign {campaign.year}:     {open_seconds:8.2f} s ({created:,} calls)")
    print(f"second run (creates {again}):       {rerun_seconds:8.2f} s")
    ratio = open_seconds / copy_seconds
    print(f"ratio open / COPY:             {ratio:8.2f} (goal <= 2.0)")


if __name__ == "__main__":
    main()
