"""Batches: one file per collection date, sequences, races with plans and mandates, settlement."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cotisations.models import CallStatus, PaymentMethod, PaymentStatus
from cotisations.services.calls import payment_record_offline
from debits.models import BatchStatus, DebitBatch, DebitStatus, MandateStatus, PlanKind, PlanStatus
from debits.pain008 import pain008_validate
from debits.services.batches import batch_generate, batch_submit, debits_settle
from debits.services.mandates import mandate_revoke, mandates_lapse
from debits.services.plans import plan_cancel
from tests.debits.conftest import collect_first, first_due, make_plan

pytestmark = pytest.mark.django_db


def test_a_batch_holds_the_debits_due_and_is_valid(doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    batch = batch_generate(collection_date=due, actor=None)
    assert batch is not None
    pain008_validate(bytes(batch.xml))
    first = plan.debits.get(number=1)
    assert first.status == DebitStatus.BATCHED
    assert first.sequence == "FRST"
    assert batch.transaction_count == 1
    assert batch.total_cents == first.amount_cents
    assert first.end_to_end_id.encode() in bytes(batch.xml)
    assert plan.debits.filter(status=DebitStatus.SCHEDULED).count() == 9


def test_the_next_debits_are_recurrent_and_the_last_final_without_renewal(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.THREE, renew=False)
    sequences = []
    for debit in plan.debits.order_by("number"):
        batch_generate(collection_date=debit.due_on, actor=None)
        debit.refresh_from_db()
        sequences.append(debit.sequence)
    assert sequences == ["FRST", "RCUR", "FNAL"]


def test_a_renewed_plan_never_ends_with_a_final_debit(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.THREE, renew=True)
    for debit in plan.debits.order_by("number"):
        batch_generate(collection_date=debit.due_on, actor=None)
    assert list(plan.debits.order_by("number").values_list("sequence", flat=True)) == [
        "FRST",
        "RCUR",
        "RCUR",
    ]


def test_a_one_off_mandate_is_ooff(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.FULL, renew=False)
    batch_generate(collection_date=first_due(plan), actor=None)
    assert plan.debits.get().sequence == "OOFF"


def test_generating_twice_for_the_same_date_sends_nothing_twice(doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    first = batch_generate(collection_date=due, actor=None)
    again = batch_generate(collection_date=due, actor=None)
    assert again == first
    assert DebitBatch.objects.count() == 1


def test_a_date_in_the_past_is_refused():
    with pytest.raises(ValidationError) as caught:
        batch_generate(collection_date=timezone.localdate() - timedelta(days=1), actor=None)
    assert "collection_date" in caught.value.message_dict


def test_nothing_due_gives_no_batch(db):
    assert batch_generate(collection_date=timezone.localdate(), actor=None) is None


def test_a_mandate_revoked_between_notice_and_debit_sends_nothing(doctor_user, call):
    plan = make_plan(doctor_user, call)
    mandate_revoke(mandate=plan.mandate)
    assert batch_generate(collection_date=first_due(plan), actor=None) is None
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUSPENDED
    assert not plan.debits.exclude(status=DebitStatus.CANCELLED).exists()


def test_a_plan_cancelled_before_the_batch_is_not_in_it(doctor_user, call):
    plan = make_plan(doctor_user, call)
    plan_cancel(user=doctor_user, plan_id=plan.pk)
    assert batch_generate(collection_date=first_due(plan), actor=None) is None


def test_a_cheque_received_meanwhile_lowers_the_debit(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.FULL)
    payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents - 1000,
        method=PaymentMethod.CHEQUE,
        received_on=timezone.localdate(),
        reference="0001",
        actor=None,
    )
    batch = batch_generate(collection_date=first_due(plan), actor=None)
    assert batch is not None
    assert plan.debits.get().amount_cents == 1000


def test_a_call_paid_meanwhile_is_not_debited(doctor_user, call):
    plan = make_plan(doctor_user, call)
    payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method=PaymentMethod.TRANSFER,
        received_on=timezone.localdate(),
        reference="VIR-1",
        actor=None,
    )
    assert batch_generate(collection_date=first_due(plan), actor=None) is None
    assert plan.debits.get(number=1).status == DebitStatus.CANCELLED


def test_a_submitted_batch_is_paid_on_its_collection_date_once(doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    batch = batch_generate(collection_date=due, actor=None)
    assert batch is not None
    # Not submitted to the bank: nothing is counted.
    assert debits_settle(today=due) == 0
    batch_submit(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED
    assert debits_settle(today=due - timedelta(days=1)) == 0
    assert debits_settle(today=due) == 1
    assert debits_settle(today=due) == 0  # a second run counts nothing twice
    debit = plan.debits.get(number=1)
    assert debit.status == DebitStatus.COLLECTED
    payment = debit.payment
    assert payment is not None
    assert payment.method == PaymentMethod.SEPA_DEBIT
    assert payment.provider == "sepa_file"
    assert payment.provider_reference == debit.end_to_end_id
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.received_on == due
    call.refresh_from_db()
    assert call.status == CallStatus.PARTIALLY_PAID
    assert call.paid_cents == debit.amount_cents
    plan.mandate.refresh_from_db()
    assert plan.mandate.last_collected_on == due


def test_a_plan_paid_in_full_completes(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.FULL)
    collect_first(plan)
    plan.refresh_from_db()
    call.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert call.status == CallStatus.PAID


def test_a_debit_in_flight_when_the_plan_is_cancelled_is_still_counted(doctor_user, call):
    plan = make_plan(doctor_user, call)
    due = first_due(plan)
    batch = batch_generate(collection_date=due, actor=None)
    batch_submit(batch_id=batch.pk)  # type: ignore[union-attr]
    plan_cancel(user=doctor_user, plan_id=plan.pk)
    assert debits_settle(today=due) == 1
    call.refresh_from_db()
    assert call.paid_cents == plan.debits.get(number=1).amount_cents


def test_a_mandate_unused_for_36_months_lapses(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.FULL)
    due = collect_first(plan)
    assert mandates_lapse(today=due + timedelta(days=365 * 3 - 5)) == 0
    assert mandates_lapse(today=date(due.year + 3, due.month, due.day) + timedelta(days=2)) == 1
    plan.mandate.refresh_from_db()
    assert plan.mandate.status == MandateStatus.LAPSED


def test_the_command_generates_the_same_batch(doctor_user, call):
    from io import StringIO

    from django.core.management import CommandError, call_command

    plan = make_plan(doctor_user, call)
    out = StringIO()
    call_command("debits_generate_batch", first_due(plan).isoformat(), stdout=out)
    batch = DebitBatch.objects.get()
    assert batch.message_id in out.getvalue()
    call_command("debits_generate_batch", first_due(plan).isoformat(), stdout=out)
    assert DebitBatch.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("debits_generate_batch", "2000-01-01")
