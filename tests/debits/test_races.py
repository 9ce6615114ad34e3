"""Races on PostgreSQL, two threads at the same instant: a return imported twice, a batch
generated twice, a plan cancelled while its batch is being generated."""

import pytest
from django.core import mail

from cotisations.models import PaymentStatus
from debits.models import DebitBatch, DebitReturn, DebitStatus, PlanStatus
from debits.services.batches import batch_generate
from debits.services.plans import plan_cancel
from debits.services.returns import pain002_import
from tests.debits.conftest import collect_first, first_due, make_plan, pain002
from tests.races import at_once

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_same_report_imported_twice_at_once_returns_once(postgres, doctor_user, call):
    plan = make_plan(doctor_user, call)
    collect_first(plan)
    debit = plan.debits.get(number=1)
    data = pain002(debit.batch, rejected=debit)  # type: ignore[arg-type]
    mail.outbox.clear()
    results, errors = at_once(
        lambda: pain002_import(data=data, actor=None),
        lambda: pain002_import(data=data, actor=None),
    )
    assert not errors
    assert sorted(r.recorded for r in results) == [0, 1]
    assert DebitReturn.objects.count() == 1
    debit.refresh_from_db()
    assert debit.payment.status == PaymentStatus.RETURNED  # type: ignore[union-attr]
    assert len([m for m in mail.outbox if "n’a pas abouti" in m.subject]) == 1


def test_a_batch_generated_twice_at_once_sends_each_debit_once(postgres, doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    results, errors = at_once(
        lambda: batch_generate(collection_date=due, actor=None),
        lambda: batch_generate(collection_date=due, actor=None),
    )
    assert not errors
    assert DebitBatch.objects.count() == 1
    assert {r.pk for r in results} == {DebitBatch.objects.get().pk}
    assert plan.debits.filter(status=DebitStatus.BATCHED).count() == 1


def test_a_plan_cancelled_while_its_batch_is_generated(postgres, doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    _, errors = at_once(
        lambda: batch_generate(collection_date=due, actor=None),
        lambda: plan_cancel(user=doctor_user, plan_id=plan.pk),
    )
    assert not errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    first = plan.debits.get(number=1)
    # Whichever went first: the first debit is either in the file or cancelled, never both,
    # and nothing after it is left to collect.
    assert first.status in (DebitStatus.BATCHED, DebitStatus.CANCELLED)
    assert (first.batch_id is not None) == (first.status == DebitStatus.BATCHED)
    assert not plan.debits.filter(status=DebitStatus.SCHEDULED).exists()
