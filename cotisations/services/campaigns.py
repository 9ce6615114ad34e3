"""Opening a year's campaign: tariffs, then one call per doctor who owes dues, set-based."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cotisations.models import (
    CATEGORY_OF_STATUS,
    CallStatus,
    Campaign,
    CampaignStatus,
    Category,
    DuesCall,
    Tariff,
)
from cotisations.services.bulk_load import bulk_load
from cotisations.services.company_calls import company_calls_insert, quoted_column
from portal.personal_cache import personal_pages_invalidate_all
from roll.models import Doctor


@dataclass(frozen=True)
class Split:
    departmental_cents: int
    regional_cents: int
    national_cents: int


# The columns opening a campaign fills, in the order its INSERT … SELECT lists them
# (bench/dues_campaign.py copies rows of exactly this width for its baseline).
CALL_FIELDS = (
    "campaign",
    "doctor",
    "category",
    "department",
    "departmental_cents",
    "regional_cents",
    "national_cents",
    "amount_cents",
    "paid_cents",
    "status",
    "created_at",
    "updated_at",
)


def _cents(text: str) -> int:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{text!r} is not an amount in euros") from exc
    return int((value * 100).to_integral_value())


def default_splits() -> dict[str, Split]:
    """The tariffs of the DUES_TARIFF_* settings ("departmental,regional,national" in euros)."""
    configured: dict[str, str] = {
        Category.ACTIVE: settings.DUES_TARIFF_ACTIVE,
        Category.RETIRED_ACTIVE: settings.DUES_TARIFF_RETIRED_ACTIVE,
        Category.RETIRED: settings.DUES_TARIFF_RETIRED,
        Category.FIRST_REGISTRATION: settings.DUES_TARIFF_FIRST_REGISTRATION,
        Category.COMPANY_SCP: settings.DUES_TARIFF_COMPANY_SCP,
        Category.COMPANY_SEL: settings.DUES_TARIFF_COMPANY_SEL,
        Category.COMPANY_SPFPL: settings.DUES_TARIFF_COMPANY_SPFPL,
    }
    splits: dict[str, Split] = {}
    for category, text in configured.items():
        parts = [_cents(part) for part in text.split(",")]
        if len(parts) != 3 or min(parts) < 0 or sum(parts) <= 0:
            raise ImproperlyConfigured(
                f"The tariff of {category} must read 'departmental,regional,national' in euros."
            )
        splits[category] = Split(*parts)
    return splits


def _month_day(year: int, text: str) -> date:
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


@transaction.atomic
def campaign_create(
    *,
    year: int,
    call_date: date | None = None,
    deadline: date | None = None,
    splits: dict[str, Split] | None = None,
) -> Campaign:
    """The campaign of `year` with its tariffs; an existing campaign is returned unchanged."""
    existing = Campaign.objects.filter(year=year).first()
    if existing is not None:
        return existing
    campaign = Campaign(
        year=year,
        call_date=call_date or _month_day(year, settings.DUES_CALL_DAY),
        deadline=deadline or _month_day(year, settings.DUES_DEADLINE_DAY),
    )
    campaign.full_clean()
    campaign.save()
    for category, split in (splits or default_splits()).items():
        tariff = Tariff(
            campaign=campaign,
            category=category,
            departmental_cents=split.departmental_cents,
            regional_cents=split.regional_cents,
            national_cents=split.national_cents,
        )
        tariff.full_clean()
        tariff.save()
    return campaign


_quoted = quoted_column


@transaction.atomic
def campaign_open_calls(*, campaign_id: int) -> int:
    """Create the missing calls of a campaign (doctors', then companies'); return how many
    were created.

    One INSERT … SELECT from the roll joined to the tariffs: the database does the work, the
    unique (campaign, doctor) constraint with ON CONFLICT DO NOTHING makes a re-run add only
    doctors who joined the roll since. The same SQL runs on PostgreSQL and SQLite.

    The first opening of a large roll on PostgreSQL is a bulk load
    (`cotisations.services.bulk_load`) and a plain INSERT: no call of the campaign exists yet
    and the campaign row is locked until commit, so there is nothing to conflict with (the
    unique constraint still guards it), and ON CONFLICT's speculative insertion would cost a
    third of the insert.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError("Cette campagne est clôturée : aucun appel ne peut y être ajouté.")
    cases = " ".join(
        f"WHEN '{status}' THEN '{category}'" for status, category in CATEGORY_OF_STATUS.items()
    )
    call, tariff, doctor = DuesCall, Tariff, Doctor
    q = connection.ops.quote_name
    category_sql = f"CASE d.{_quoted(doctor, 'status')} {cases} END"
    first_year: list[date] = []
    if campaign.tariffs.filter(category=Category.FIRST_REGISTRATION).exists():
        # Registered on the roll in the campaign's year (the roll's registration date, which
        # an approved student registration sets too): the first-registration tariff. A
        # campaign without that tariff (made before it existed) keeps the roll status's.
        owing = ", ".join(f"'{status}'" for status in CATEGORY_OF_STATUS)
        category_sql = (
            f"CASE WHEN d.{_quoted(doctor, 'registered_on')} BETWEEN %s AND %s "
            f"AND d.{_quoted(doctor, 'status')} IN ({owing}) "
            f"THEN '{Category.FIRST_REGISTRATION}' ELSE {category_sql} END"
        )
        first_year = [date(campaign.year, 1, 1), date(campaign.year, 12, 31)]
    columns = ", ".join(_quoted(call, name) for name in CALL_FIELDS)
    t_dep, t_reg, t_nat = (
        f"t.{_quoted(tariff, name)}"
        for name in ("departmental_cents", "regional_cents", "national_cents")
    )
    # Identifiers come from the models and statuses from their choices, never from input.
    sql = (
        f"INSERT INTO {q(call._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT %s, d.{q('id')}, t.{_quoted(tariff, 'category')}, "
        f"d.{_quoted(doctor, 'department')}, "
        f"{t_dep}, {t_reg}, {t_nat}, {t_dep} + {t_reg} + {t_nat}, 0, %s, %s, %s "
        f"FROM {q(doctor._meta.db_table)} d "
        f"JOIN {q(tariff._meta.db_table)} t ON t.{_quoted(tariff, 'campaign')} = %s "
        f"AND t.{_quoted(tariff, 'category')} = {category_sql} "
        # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it.
        f"WHERE 1 = 1"
    )
    # The doctor's own calls have their partial unique index (company empty).
    on_conflict = (
        f" ON CONFLICT ({_quoted(call, 'campaign')}, {_quoted(call, 'doctor')}) "
        f"WHERE {_quoted(call, 'company')} IS NULL DO NOTHING"
    )
    now = timezone.now()
    params: list[int | str | date | datetime] = [
        campaign.pk,
        CallStatus.OPEN.value,
        now,
        now,
        campaign.pk,
        *first_year,
    ]
    # Rows written in SQL send no signal: every doctor's dues pages show the new call.
    personal_pages_invalidate_all()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _first_large_opening(campaign):
            with bulk_load(cursor, call._meta.db_table):
                cursor.execute(sql, params)
                created = max(cursor.rowcount, 0)
        else:
            cursor.execute(sql + on_conflict, params)
            created = max(cursor.rowcount, 0)
        return created + company_calls_insert(cursor=cursor, campaign_id=campaign.pk, now=now)


# From this many doctors on the roll, the first opening is done as a bulk load.
BULK_THRESHOLD = 20_000


def _first_large_opening(campaign: Campaign) -> bool:
    if DuesCall.objects.filter(campaign=campaign).exists():
        return False
    return Doctor.objects.count() >= BULK_THRESHOLD


def campaign_open(*, year: int) -> tuple[Campaign, int]:
    """`manage.py open_dues_campaign`: the campaign of `year` and the calls it was missing."""
    campaign = campaign_create(year=year)
    return campaign, campaign_open_calls(campaign_id=campaign.pk)


@transaction.atomic
def campaign_set_reminders_paused(*, campaign_id: int, paused: bool) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    campaign.reminders_paused = paused
    campaign.save(update_fields=["reminders_paused"])
    return campaign
