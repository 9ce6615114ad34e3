"""Dues: calls through the campaign services (tariffs decide the amounts), payments and
instalments as rows."""

import datetime

import factory
from factory.django import DjangoModelFactory

from cotisations.models import (
    DuesCall,
    Instalment,
    InstalmentPlan,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from roll.models import Doctor


def open_call(doctor: Doctor, *, year: int = 2027) -> DuesCall:
    """`doctor`'s call of `year`, as opening the year's campaign creates it."""
    campaign = campaign_create(year=year)
    campaign_open_calls(campaign_id=campaign.pk)
    return DuesCall.objects.get(doctor=doctor, campaign=campaign)


class PaymentFactory(DjangoModelFactory[Payment]):
    """A cheque received for a call (pass `call`); the call's balance is not recomputed."""

    class Meta:
        model = Payment

    amount_cents = 1000
    method = PaymentMethod.CHEQUE
    status = PaymentStatus.SUCCEEDED
    received_on = datetime.date(2027, 2, 1)


class InstalmentPlanFactory(DjangoModelFactory[InstalmentPlan]):
    """A plan of the dummy provider for a call (pass `call`)."""

    class Meta:
        model = InstalmentPlan

    provider = "dummy"


class InstalmentFactory(DjangoModelFactory[Instalment]):
    class Meta:
        model = Instalment

    plan = factory.SubFactory(InstalmentPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    amount_cents = 3778
    due_on = factory.LazyAttribute(lambda i: datetime.date(2027, 1, min(i.number, 28)))
