import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from cotisations.models import CallStatus, Category, DuesCall, Tariff
from cotisations.services.campaigns import (
    Split,
    campaign_create,
    campaign_open,
    campaign_open_calls,
)
from roll.models import DoctorStatus
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def test_each_doctor_owes_the_tariff_of_their_situation():
    doctors = {status: DoctorFactory(status=status) for status in DoctorStatus.values}
    _campaign, created = campaign_open(year=2027)
    assert created == 4
    calls = {call.doctor.status: call for call in DuesCall.objects.select_related("doctor")}
    assert DoctorStatus.STRUCK_OFF not in calls  # struck off: off the roll, owes nothing
    assert calls[DoctorStatus.SUSPENDED].category == Category.ACTIVE  # still owes, full rate
    assert calls[DoctorStatus.ACTIVE].amount_cents == 36500
    assert calls[DoctorStatus.RETIRED_ACTIVE].amount_cents == 36500
    retired = calls[DoctorStatus.RETIRED]
    assert retired.amount_cents == 10400
    assert (retired.departmental_cents, retired.regional_cents, retired.national_cents) == (
        3200,
        1300,
        5900,
    )
    assert retired.department == doctors[DoctorStatus.RETIRED].department
    assert all(call.status == CallStatus.OPEN for call in calls.values())


def test_opening_twice_creates_nothing_and_later_doctors_are_picked_up():
    DoctorFactory.create_batch(3)
    campaign, created = campaign_open(year=2027)
    assert created == 3
    assert campaign_open_calls(campaign_id=campaign.pk) == 0
    DoctorFactory()
    assert campaign_open_calls(campaign_id=campaign.pk) == 1
    assert DuesCall.objects.count() == 4


def test_command(capsys):
    DoctorFactory.create_batch(2)
    call_command("open_dues_campaign", year=2027)
    call_command("open_dues_campaign", year=2027)
    out = capsys.readouterr().out
    assert "2 new calls" in out
    assert "0 new calls, 2 in all" in out


def test_one_call_per_doctor_per_year_is_a_database_rule():
    DoctorFactory()
    campaign, _ = campaign_open(year=2027)
    call = DuesCall.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesCall.objects.create(
            campaign=campaign,
            doctor=call.doctor,
            category=call.category,
            department=call.department,
            departmental_cents=1,
            regional_cents=1,
            national_cents=1,
            amount_cents=3,
        )


def test_paid_never_above_due_is_a_database_rule():
    DoctorFactory()
    campaign_open(year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesCall.objects.update(paid_cents=99999)


def test_split_must_add_up_is_a_database_rule():
    DoctorFactory()
    campaign_open(year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesCall.objects.update(amount_cents=1)


def test_campaign_create_is_idempotent():
    first = campaign_create(year=2028)
    assert campaign_create(year=2028) == first
    assert first.tariffs.count() == 7  # four for doctors, three for companies
    assert str(first.deadline) == "2028-03-31"


@pytest.mark.services
def test_bulk_path_checks_foreign_keys_once_and_keeps_them(postgres, monkeypatch):
    from django.db import connection

    from cotisations.services import campaigns

    monkeypatch.setattr(campaigns, "BULK_THRESHOLD", 1)
    DoctorFactory.create_batch(5)
    _, created = campaign_open(year=2027)
    assert created == 5
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint "
            "WHERE conrelid = 'cotisations_duescall'::regclass AND contype = 'f'"
        )
        keys = cursor.fetchall()
    assert len(keys) == 3  # campaign, doctor, company
    assert all(validated for _, validated in keys)
    indexes = connection.introspection.get_constraints(connection.cursor(), "cotisations_duescall")
    assert indexes["cotis_call_campaign_status"]["index"]
    assert indexes["cotis_call_company_payer"]["index"]
    # Later openings take the incremental path: only doctors who joined since get a call.
    DoctorFactory.create_batch(2)
    assert campaign_open(year=2027)[1] == 2
    assert campaign_open(year=2027)[1] == 0
    first = DuesCall.objects.first().pk
    with pytest.raises(IntegrityError), transaction.atomic():
        # Immediate, so that the restored key is checked now rather than at commit.
        _update_with_immediate_keys(first)


def _update_with_immediate_keys(call_id):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    DuesCall.objects.filter(pk=call_id).update(doctor_id=10**9)


def test_the_2026_tariffs_are_the_defaults_split_among_the_councils():
    campaign = campaign_create(year=2026)
    amounts = {t.category: (t.amount_cents, t.departmental_cents) for t in campaign.tariffs.all()}
    assert amounts == {
        Category.ACTIVE: (36500, 11300),
        Category.RETIRED_ACTIVE: (36500, 11300),
        Category.RETIRED: (10400, 3200),
        Category.FIRST_REGISTRATION: (18250, 5650),
        # Companies: the active doctor's rate until the council sets its own rule.
        Category.COMPANY_SCP: (36500, 11300),
        Category.COMPANY_SEL: (36500, 11300),
        Category.COMPANY_SPFPL: (36500, 11300),
    }


def test_a_doctor_registered_in_the_campaign_year_owes_the_first_registration_tariff():
    newcomer = DoctorFactory(registered_on=datetime.date(2027, 9, 1))
    late_last_year = DoctorFactory(registered_on=datetime.date(2026, 12, 31))
    struck_off = DoctorFactory(
        registered_on=datetime.date(2027, 2, 1), status=DoctorStatus.STRUCK_OFF
    )
    campaign, created = campaign_open(year=2027)
    assert created == 2
    first = DuesCall.objects.get(doctor=newcomer)
    assert (first.category, first.amount_cents) == (Category.FIRST_REGISTRATION, 18250)
    assert (first.departmental_cents, first.regional_cents, first.national_cents) == (
        5650,
        2150,
        10450,
    )
    assert DuesCall.objects.get(doctor=late_last_year).category == Category.ACTIVE
    assert not DuesCall.objects.filter(doctor=struck_off).exists()
    # Registered later in the year: the re-run picks them up at the same half rate.
    joined = DoctorFactory(registered_on=datetime.date(2027, 11, 3))
    assert campaign_open_calls(campaign_id=campaign.pk) == 1
    assert DuesCall.objects.get(doctor=joined).category == Category.FIRST_REGISTRATION


def test_tariffs_are_per_campaign_and_a_campaign_without_first_registration_keeps_the_roll():
    splits = {
        Category.ACTIVE: Split(100_00, 50_00, 200_00),
        Category.RETIRED_ACTIVE: Split(100_00, 50_00, 200_00),
        Category.RETIRED: Split(30_00, 10_00, 50_00),
    }
    campaign = campaign_create(year=2027, splits=splits)
    newcomer = DoctorFactory(registered_on=datetime.date(2027, 5, 2))
    campaign_open_calls(campaign_id=campaign.pk)
    call = DuesCall.objects.get(doctor=newcomer)
    assert (call.category, call.amount_cents) == (Category.ACTIVE, 35000)


def test_exemption_categories_have_no_tariff():
    campaign = campaign_create(year=2027)
    tariff = Tariff(
        campaign=campaign,
        category=Category.HALF_EXEMPT,
        departmental_cents=1,
        regional_cents=1,
        national_cents=1,
    )
    with pytest.raises(ValidationError) as error:
        tariff.full_clean()
    assert "category" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Tariff.objects.create(
            campaign=campaign,
            category=Category.EXEMPT,
            departmental_cents=1,
            regional_cents=1,
            national_cents=1,
        )
