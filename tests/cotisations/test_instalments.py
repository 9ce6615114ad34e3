import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cotisations import tasks
from cotisations.models import (
    CallStatus,
    Checkout,
    InstalmentStatus,
    ReminderKind,
    ReminderLog,
)
from tests.cotisations.conftest import YEAR

pytestmark = pytest.mark.django_db
START = datetime.date(2027, 1, 10)


@pytest.fixture
def on_day(monkeypatch):
    def set_day(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)

    return set_day


def _pay_in_three(doctor_client, call, on_day, capture, card="ok"):
    on_day(START)
    response = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "instalments"})
    checkout = Checkout.objects.get(call=call)
    assert checkout.amount_cents == 12168
    with capture(execute=True):
        doctor_client.post(response["Location"], {"outcome": "pay", "card": card})
    call.refresh_from_db()
    return call


def _day(on_day, capture, day):
    on_day(day)
    with capture(execute=True):
        tasks.dues_daily.delay()


def test_three_instalments_advanced_by_the_daily_task(
    doctor_client, call, on_day, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    call = _pay_in_three(doctor_client, call, on_day, capture)
    assert (call.status, call.paid_cents) == (CallStatus.PARTIALLY_PAID, 12168)
    plan = call.instalment_plan
    instalments = list(plan.instalments.order_by("number"))
    assert [i.amount_cents for i in instalments] == [12168, 12166, 12166]
    assert [i.due_on for i in instalments] == [
        START,
        datetime.date(2027, 2, 10),
        datetime.date(2027, 3, 10),
    ]
    mail.outbox.clear()

    _day(on_day, capture, datetime.date(2027, 2, 2))  # 8 days before: nothing yet
    assert not mail.outbox
    _day(on_day, capture, datetime.date(2027, 2, 3))  # 7 days before: the notice
    _day(on_day, capture, datetime.date(2027, 2, 4))  # the next day: not again
    assert len(mail.outbox) == 1
    assert "sera prélevée le 10 février 2027" in mail.outbox[0].body
    _day(on_day, capture, datetime.date(2027, 2, 10))
    call.refresh_from_db()
    assert call.paid_cents == 24334
    _day(on_day, capture, datetime.date(2027, 2, 11))  # a re-run collects nothing twice
    _day(on_day, capture, datetime.date(2027, 3, 3))
    _day(on_day, capture, datetime.date(2027, 3, 10))
    call.refresh_from_db()
    assert (call.status, call.balance_cents) == (CallStatus.PAID, 0)
    assert set(plan.instalments.values_list("status", flat=True)) == {InstalmentStatus.PAID}
    kinds = set(ReminderLog.objects.filter(call=call).values_list("kind", flat=True))
    assert kinds == {ReminderKind.INSTALMENT_2, ReminderKind.INSTALMENT_3}
    assert hasattr(call, "attestation")


def test_failed_collection_leaves_partially_paid_and_lets_pay_by_card(
    doctor_client, call, on_day, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    call = _pay_in_three(doctor_client, call, on_day, capture, card="fail")
    mail.outbox.clear()
    _day(on_day, capture, datetime.date(2027, 2, 10))
    call.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.PARTIALLY_PAID, 12168)
    statuses = list(
        call.instalment_plan.instalments.order_by("number").values_list("status", flat=True)
    )
    assert statuses == ["paid", "failed", "cancelled"]
    assert len(mail.outbox) == 1
    assert "n’a pas abouti" in mail.outbox[0].subject
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Payer 243,32" in page
    assert "Payer en 3 fois" not in page
    response = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    with capture(execute=True):
        doctor_client.post(response["Location"], {"outcome": "pay"})
    call.refresh_from_db()
    assert call.status == CallStatus.PAID


def test_instalments_refused_once_something_was_paid(doctor_client, call):
    from cotisations.services.calls import payment_record_offline

    payment_record_offline(
        call_id=call.pk,
        amount_cents=100,
        method="cheque",
        received_on=START,
        reference="",
        actor=None,
    )
    response = doctor_client.post(
        f"/espace/cotisations/{YEAR}/payer/", {"mode": "instalments"}, follow=True
    )
    assert "possible que pour une cotisation dont rien" in response.content.decode()
    assert not Checkout.objects.exists()
