"""The schedule of a plan: dates and amounts, computed the same way for the preview and the plan."""

from dataclasses import dataclass
from datetime import date, timedelta

from cotisations.services.payments import add_months
from debits.models import COLLECTION_DAYS, DEBIT_COUNT, PlanKind

# SEPA Core: the debtor is told at least 14 calendar days before a debit; the schedule sent at
# acceptance is that notice, so the first debit is never sooner.
PRENOTICE_DAYS = 14


@dataclass(frozen=True)
class Planned:
    number: int
    due_on: date
    amount_cents: int


def debit_amounts(balance_cents: int, count: int) -> list[int]:
    """`count` parts adding up to the balance; the first takes the odd cents."""
    part = balance_cents // count
    return [balance_cents - part * (count - 1)] + [part] * (count - 1)


def first_collection_date(*, today: date, day: int) -> date:
    """The first `day` of a month at least PRENOTICE_DAYS after `today`."""
    if day not in COLLECTION_DAYS:
        raise ValueError(day)
    earliest = today + timedelta(days=PRENOTICE_DAYS)
    candidate = earliest.replace(day=day)
    return candidate if candidate >= earliest else add_months(candidate, 1)


def plan_schedule(*, kind: str, day: int, balance_cents: int, today: date) -> list[Planned]:
    count = DEBIT_COUNT[PlanKind(kind)]
    if balance_cents < count:
        count = 1
    first = first_collection_date(today=today, day=day)
    return [
        Planned(number=number, due_on=add_months(first, number - 1), amount_cents=amount)
        for number, amount in enumerate(debit_amounts(balance_cents, count), 1)
    ]
