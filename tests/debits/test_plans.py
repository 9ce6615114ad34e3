"""Plans: schedule, acceptance, pre-notification, cancellation, account change, renewal."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cotisations.models import CallStatus, DuesCall
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from debits.models import DebitPlan, DebitStatus, MandateStatus, MandateType, PlanKind, PlanStatus
from debits.services import notices
from debits.services.batches import batch_generate
from debits.services.mandates import MANDATE_TEXT_VERSION, account_check
from debits.services.plans import (
    plan_account_change,
    plan_cancel,
    plan_create,
    plans_renew,
)
from debits.services.schedule import debit_amounts, first_collection_date, plan_schedule
from portal.money import euros
from tests.debits.conftest import IBAN, OTHER_IBAN, make_plan

pytestmark = pytest.mark.django_db


def test_ten_monthly_debits_add_up_and_start_at_least_14_days_ahead():
    today = date(2026, 12, 3)
    schedule = plan_schedule(kind=PlanKind.TEN, day=15, balance_cents=36_501, today=today)
    assert [p.amount_cents for p in schedule] == [3_651] + [3_650] * 9
    assert sum(p.amount_cents for p in schedule) == 36_501
    assert schedule[0].due_on == date(2026, 12, 25) or schedule[0].due_on >= today + timedelta(14)
    assert [p.due_on.day for p in schedule] == [15] * 10
    assert schedule[0].due_on == date(2027, 1, 15)
    assert schedule[-1].due_on == date(2027, 10, 15)


@pytest.mark.parametrize(
    ("today", "day", "expected"),
    [
        (date(2026, 12, 3), 25, date(2026, 12, 25)),  # 22 days ahead: fine
        (date(2026, 12, 12), 25, date(2027, 1, 25)),  # 13 days: too soon, next month
        (date(2026, 12, 11), 25, date(2026, 12, 25)),  # exactly 14 days
    ],
)
def test_the_first_debit_respects_the_pre_notification(today, day, expected):
    assert first_collection_date(today=today, day=day) == expected


def test_amounts_never_lose_a_cent():
    assert sum(debit_amounts(34_000, 3)) == 34_000
    assert debit_amounts(100, 3) == [34, 33, 33]


def test_accepting_records_the_mandate_and_sends_the_schedule(doctor_user, call):
    plan = make_plan(doctor_user, call)
    mandate = plan.mandate
    assert mandate.reference.startswith(f"CNOM-{doctor_user.doctor.rpps}-")
    assert len(mandate.reference) <= 35
    assert mandate.iban == IBAN.replace(" ", "")
    assert mandate.bic == "AGRIFRPPXXX"  # found from the IBAN
    assert mandate.acceptance_ip == "203.0.113.7"
    assert mandate.text_version == MANDATE_TEXT_VERSION
    assert mandate.type == MandateType.RECURRENT
    assert plan.debits.count() == 10
    assert plan.prenotified_at is None  # the object in hand; the row is updated
    plan.refresh_from_db()
    assert plan.prenotified_at is not None
    (message,) = mail.outbox
    assert message.to == [doctor_user.email]
    body = message.body
    assert mandate.reference in body
    assert "FR72ZZZ123456" in body  # the creditor's ICS
    assert "FR76 •••• •••• 0189" in body
    assert IBAN.replace(" ", "") not in body  # never the full IBAN by email
    part = euros(call.amount_cents // 10)
    assert body.count(part) == 10


def test_paying_in_full_without_renewal_is_a_one_off_mandate(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.FULL, renew=False)
    assert plan.mandate.type == MandateType.ONE_OFF
    assert plan.debits.get().amount_cents == call.amount_cents


def test_a_second_plan_for_the_same_call_is_refused(doctor_user, call):
    make_plan(doctor_user, call)
    with pytest.raises(ValidationError, match="déjà en place"):
        make_plan(doctor_user, call, iban=OTHER_IBAN)
    assert DebitPlan.objects.count() == 1


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(doctor_user, call):
    with pytest.raises(ValidationError) as caught:
        plan_create(
            user=doctor_user,
            call_id=call.pk,
            kind="twelve",
            collection_day="31",
            debtor_name=" ",
            iban="FR76 3000 6000 0112 3456 7890 188",
            bic="NOPE",
            renew=True,
            accepted=False,
            ip="203.0.113.7",
        )
    errors = caught.value.message_dict
    assert set(errors) == {"kind", "collection_day", "debtor_name", "iban", "bic", "accept"}
    assert "IBAN n’est pas valide" in errors["iban"][0]
    assert DebitPlan.objects.count() == 0


def test_an_account_outside_sepa_is_refused():
    with pytest.raises(ValidationError) as caught:
        account_check(debtor_name="A B", iban="BR1800360305000010009795493C1", bic="")
    assert "zone SEPA" in caught.value.message_dict["iban"][0]


def test_another_doctors_call_is_not_found(other_doctor_user, call):
    with pytest.raises(DuesCall.DoesNotExist):
        make_plan(other_doctor_user, call)


def test_cancelling_stops_what_was_not_sent_and_keeps_the_debit_in_flight(doctor_user, call):
    plan = make_plan(doctor_user, call)
    first = plan.debits.get(number=1)
    batch = batch_generate(collection_date=first.due_on, actor=None)
    assert batch is not None
    in_flight = plan_cancel(user=doctor_user, plan_id=plan.pk)
    assert in_flight == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    assert plan.renew is False
    statuses = list(plan.debits.order_by("number").values_list("status", flat=True))
    assert statuses == [DebitStatus.BATCHED] + [DebitStatus.CANCELLED] * 9
    # The mandate stays valid for the debit the bank already has.
    assert plan.mandate.status == MandateStatus.ACTIVE
    with pytest.raises(ValidationError):
        plan_cancel(user=doctor_user, plan_id=plan.pk)


def test_cancelling_before_anything_was_sent_revokes_the_mandate(doctor_user, call):
    plan = make_plan(doctor_user, call)
    assert plan_cancel(user=doctor_user, plan_id=plan.pk) == 0
    plan.mandate.refresh_from_db()
    assert plan.mandate.status == MandateStatus.REVOKED
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN  # the balance is due by the deadline


def test_another_doctor_cannot_cancel(doctor_user, other_doctor_user, call):
    plan = make_plan(doctor_user, call)
    with pytest.raises(DebitPlan.DoesNotExist):
        plan_cancel(user=other_doctor_user, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def change_account(user, plan, *, accepted):
    return plan_account_change(
        user=user,
        plan_id=plan.pk,
        debtor_name="Anne Moreau",
        iban=OTHER_IBAN,
        bic="",
        accepted=accepted,
        ip="198.51.100.2",
    )


def test_a_new_account_is_a_new_mandate_with_a_new_rum(
    doctor_user, call, django_capture_on_commit_callbacks
):
    plan = make_plan(doctor_user, call)
    old = plan.mandate
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = change_account(doctor_user, plan, accepted=True)
    old.refresh_from_db()
    assert new.reference != old.reference
    assert old.status == MandateStatus.REVOKED
    assert set(plan.debits.values_list("mandate_id", flat=True)) == {new.pk}
    assert new.reference in mail.outbox[0].body  # the schedule again, with the new RUM
    batch = batch_generate(collection_date=plan.debits.get(number=1).due_on, actor=None)
    assert batch is not None
    assert plan.debits.get(number=1).sequence == "FRST"


def test_a_new_account_needs_the_acceptance(doctor_user, call):
    plan = make_plan(doctor_user, call)
    with pytest.raises(ValidationError) as caught:
        change_account(doctor_user, plan, accepted=False)
    assert "accept" in caught.value.message_dict
    plan.refresh_from_db()
    assert plan.mandate.iban == IBAN.replace(" ", "")


def test_december_notice_then_tacit_renewal_on_next_years_call(doctor_user, call):
    plan = make_plan(doctor_user, call, kind=PlanKind.THREE)
    mail.outbox.clear()
    year = call.campaign.year
    assert notices.renewal_notices_due(today=date(year, 11, 30)) == []
    due = notices.renewal_notices_due(today=date(year, 12, 1))
    assert due == [plan.pk]
    assert notices.renewal_notice_send(plan_id=plan.pk)
    assert not notices.renewal_notice_send(plan_id=plan.pk)  # once
    assert len(mail.outbox) == 1
    assert f"cotisation {year + 1}" in mail.outbox[0].subject
    # Nothing to renew until next year's call exists.
    assert plans_renew(today=date(year + 1, 1, 2)) == 0
    next_campaign = campaign_create(year=year + 1)
    campaign_open_calls(campaign_id=next_campaign.pk)
    assert plans_renew(today=date(year + 1, 1, 2)) == 1
    assert plans_renew(today=date(year + 1, 1, 3)) == 0  # once
    renewed = DebitPlan.objects.get(call__campaign=next_campaign)
    assert renewed.mandate_id == plan.mandate_id
    assert renewed.kind == PlanKind.THREE
    assert renewed.debits.count() == 3


def test_a_plan_not_renewed_is_left_alone(doctor_user, call):
    make_plan(doctor_user, call, renew=False)
    year = call.campaign.year
    assert notices.renewal_notices_due(today=date(year, 12, 1)) == []
    campaign_open_calls(campaign_id=campaign_create(year=year + 1).pk)
    assert plans_renew(today=date(year + 1, 1, 2)) == 0


def test_a_reminder_goes_out_before_each_debit_once(doctor_user, call):
    plan = make_plan(doctor_user, call)
    first = plan.debits.get(number=1)
    mail.outbox.clear()
    assert notices.debit_reminders_due(today=first.due_on - timedelta(days=6)) == []
    due = notices.debit_reminders_due(today=first.due_on - timedelta(days=5))
    assert due == [first.pk]
    assert notices.debit_reminder_send(debit_id=first.pk)
    assert not notices.debit_reminder_send(debit_id=first.pk)
    assert notices.debit_reminders_due(today=first.due_on - timedelta(days=5)) == []
    (message,) = mail.outbox
    assert "prélèvement 1 sur 10" in message.body
    assert timezone.now() >= plan.debits.get(number=1).reminder_sent_at


def test_a_call_on_a_running_plan_gets_no_dues_reminder(doctor_user, call):
    from cotisations.models import ReminderKind
    from cotisations.selectors import reminder_recipients

    assert list(reminder_recipients(campaign=call.campaign, kind=ReminderKind.BEFORE_30)) == [call]
    plan = make_plan(doctor_user, call)
    assert not reminder_recipients(campaign=call.campaign, kind=ReminderKind.BEFORE_30).exists()
    plan_cancel(user=doctor_user, plan_id=plan.pk)
    # Stopped: the balance is due by the deadline and the reminders apply again.
    assert list(reminder_recipients(campaign=call.campaign, kind=ReminderKind.BEFORE_30)) == [call]
