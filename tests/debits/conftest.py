"""Fixtures of the direct-debit tests: a doctor with a call (the dues fixtures), a plan set up
through the service, the pain.002 fixture filled in for a batch."""

from datetime import date
from pathlib import Path
from string import Template

import pytest
from django.test import TestCase

from debits.models import DebitBatch, DebitPlan, PlanKind, ScheduledDebit
from debits.services.batches import batch_generate, batch_submit, debits_settle
from debits.services.plans import plan_create
from tests.cotisations.conftest import call, campaign
from tests.factories import DoctorFactory, UserFactory

__all__ = ["call", "campaign"]  # the dues fixtures, shared with the debits tests

# Valid test accounts (the EPC's and a French bank's published examples).
IBAN = "FR76 3000 6000 0112 3456 7890 189"
OTHER_IBAN = "FR1420041010050500013M02606"
FIXTURES = Path(__file__).parent / "fixtures"


def make_plan(user, call, *, kind=PlanKind.TEN, day=15, renew=True, iban=IBAN) -> DebitPlan:
    """A plan accepted by `user`, its transaction committed (the pre-notification sent)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _plan_create(user, call, kind=kind, day=day, renew=renew, iban=iban)


def _plan_create(user, call, *, kind, day, renew, iban) -> DebitPlan:
    return plan_create(
        user=user,
        call_id=call.pk,
        kind=kind,
        collection_day=day,
        debtor_name=f"{user.doctor.first_name} {user.doctor.last_name}",
        iban=iban,
        bic="",
        renew=renew,
        accepted=True,
        ip="203.0.113.7",
    )


@pytest.fixture
def plan(doctor_user, call) -> DebitPlan:
    return make_plan(doctor_user, call)


@pytest.fixture
def other_doctor_user(db):
    doctor = DoctorFactory()
    return UserFactory.create(email=f"autre{doctor.pk}@exemple.test", doctor=doctor)


def first_due(plan: DebitPlan) -> date:
    return plan.debits.order_by("number").first().due_on  # type: ignore[union-attr]


def pain002(batch: DebitBatch, *, rejected: ScheduledDebit, reason: str = "AM04") -> bytes:
    accepted = batch.debits.exclude(pk=rejected.pk).first()
    text = Template((FIXTURES / "pain002_one_rejected.xml").read_text()).substitute(
        report_id=f"STS-{batch.message_id}",
        message_id=batch.message_id,
        count=batch.transaction_count,
        rejected=rejected.end_to_end_id,
        accepted=accepted.end_to_end_id if accepted else "CNOM-0-0-00",
        reason=reason,
        amount=f"{rejected.amount_cents / 100:.2f}",
        collection_date=batch.collection_date.isoformat(),
        mandate=rejected.mandate.reference,
    )
    return text.encode()


def collect_first(plan: DebitPlan) -> date:
    """The plan's first debit sent in a submitted batch and settled on its date."""
    due = first_due(plan)
    batch = batch_generate(collection_date=due, actor=None)
    assert batch is not None
    batch_submit(batch_id=batch.pk)
    debits_settle(today=due)
    return due
