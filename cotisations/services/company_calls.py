"""Issuing companies' dues: one call per registered company with a designated partner.

Set-based like the doctors' calls (`cotisations.services.campaigns.campaign_open_calls`, which
runs this in the same transaction): one INSERT … SELECT from the companies joined to their
designated partner and to the campaign's company tariff for their legal form. The call's
`doctor` is the designated partner: they see it in their space and pay it. A re-run adds only
the companies registered (or given a designated partner) since, through the partial unique
(company, campaign) index.
"""

from datetime import datetime

from django.db import connection, models
from django.db.backends.utils import CursorWrapper

from cotisations.models import CATEGORY_OF_LEGAL_FORM, CallStatus, DuesCall, Tariff
from roll.models import Company, CompanyPartner, CompanyStatus


def quoted_column(model: type[models.Model], field: str) -> str:
    column = model._meta.get_field(field).column  # type: ignore[union-attr]
    assert isinstance(column, str)
    return connection.ops.quote_name(column)


def company_calls_insert(*, cursor: CursorWrapper, campaign_id: int, now: datetime) -> int:
    """Insert the campaign's missing company calls; return how many were created."""
    call, tariff, company, partner = DuesCall, Tariff, Company, CompanyPartner
    q = connection.ops.quote_name
    c_ = quoted_column
    cases = " ".join(
        f"WHEN '{form}' THEN '{category}'" for form, category in CATEGORY_OF_LEGAL_FORM.items()
    )
    columns = ", ".join(
        c_(call, name)
        for name in (
            "campaign",
            "doctor",
            "company",
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
    )
    t_dep, t_reg, t_nat = (
        f"t.{c_(tariff, name)}"
        for name in ("departmental_cents", "regional_cents", "national_cents")
    )
    # Identifiers come from the models and values from their choices, never from input.
    sql = (
        f"INSERT INTO {q(call._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT %s, m.{c_(partner, 'doctor')}, c.{q('id')}, t.{c_(tariff, 'category')}, "
        f"c.{c_(company, 'department')}, {t_dep}, {t_reg}, {t_nat}, "
        f"{t_dep} + {t_reg} + {t_nat}, 0, %s, %s, %s "
        f"FROM {q(company._meta.db_table)} c "
        f"JOIN {q(partner._meta.db_table)} m ON m.{c_(partner, 'company')} = c.{q('id')} "
        f"AND m.{c_(partner, 'is_designated')} = %s "
        f"JOIN {q(tariff._meta.db_table)} t ON t.{c_(tariff, 'campaign')} = %s "
        f"AND t.{c_(tariff, 'category')} = CASE c.{c_(company, 'legal_form')} {cases} END "
        f"WHERE c.{c_(company, 'status')} = %s "
        f"ON CONFLICT ({c_(call, 'company')}, {c_(call, 'campaign')}) "
        f"WHERE {c_(call, 'company')} IS NOT NULL DO NOTHING"
    )
    params: list[int | str | bool | datetime] = [
        campaign_id,
        CallStatus.OPEN.value,
        now,
        now,
        True,
        campaign_id,
        CompanyStatus.REGISTERED.value,
    ]
    cursor.execute(sql, params)
    return max(cursor.rowcount, 0)
