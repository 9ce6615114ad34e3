"""Receipt numbers: `2027-000123`, once per payment received, gap-free per (year, council)."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from cotisations.models import DuesCall, Payment, PaymentMethod, PaymentStatus, Receipt, Tariff
from cotisations.services.calls import payment_add, payment_record_offline, payment_refund
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from cotisations.services.receipts import receipt_issue, receipt_series
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

YEAR = 2027


def _calls(*departments: str, year: int = YEAR) -> list[DuesCall]:
    doctors = [DoctorFactory.create(department=department) for department in departments]
    campaign = campaign_create(year=year)
    campaign_open_calls(campaign_id=campaign.pk)
    return [DuesCall.objects.get(doctor=doctor, campaign=campaign) for doctor in doctors]


def _cheque(call: DuesCall, cents: int = 10000, day: int = 15) -> Payment:
    return payment_record_offline(
        call_id=call.pk,
        amount_cents=cents,
        method=PaymentMethod.CHEQUE,
        received_on=datetime.date(YEAR, 1, day),
        reference=f"CHQ {call.pk}-{day}",
        actor=None,
    )


def _number(payment: Payment) -> str:
    return Receipt.objects.get(payment=payment).number


def test_numbers_follow_each_other_per_year_and_council():
    lyon, lyon_too, paris = _calls("69", "69", "75")
    first, second, third = _cheque(lyon), _cheque(lyon_too), _cheque(lyon, day=16)
    assert [_number(p) for p in (first, second, third)] == [
        "2027-000001",
        "2027-000002",
        "2027-000003",
    ]
    # Paris has its own series, starting at 1.
    assert _number(_cheque(paris)) == "2027-000001"
    assert Receipt.objects.get(payment=third).council == "69"
    # Another year starts again at 1 in the same council.
    (next_year,) = _calls("69", year=YEAR + 1)
    payment = payment_record_offline(
        call_id=next_year.pk,
        amount_cents=100,
        method=PaymentMethod.TRANSFER,
        received_on=datetime.date(YEAR + 1, 1, 2),
        reference="VIR",
        actor=None,
    )
    assert _number(payment) == "2028-000001"


def test_a_number_is_given_once_and_kept_after_a_refund():
    (call,) = _calls("69")
    payment = _cheque(call)
    assert receipt_issue(payment=payment).number == "2027-000001"  # asked again: the same
    payment_refund(payment_id=payment.pk, reason="Erreur de saisie", actor=None)
    assert _number(payment) == "2027-000001"
    assert _number(_cheque(call)) == "2027-000002"  # never reused


def test_money_kept_for_a_refund_gets_no_number():
    (call,) = _calls("69")
    _cheque(call, cents=call.amount_cents)
    with transaction.atomic():
        locked = DuesCall.objects.select_for_update().get(pk=call.pk)
        extra = payment_add(
            call=locked,
            amount_cents=500,
            method=PaymentMethod.CARD,
            received_on=datetime.date(YEAR, 2, 1),
            provider="dummy",
            provider_reference="pi_extra",
        )
    assert extra.status == PaymentStatus.REFUND_DUE
    assert not Receipt.objects.filter(payment=extra).exists()


def test_a_payment_rolled_back_leaves_no_gap():
    (call,) = _calls("69")

    def pay_then_fail() -> None:
        with transaction.atomic():
            _cheque(call)
            raise RuntimeError("the rest of the transaction failed")

    with pytest.raises(RuntimeError):
        pay_then_fail()
    assert not Payment.objects.exists()
    assert _number(_cheque(call)) == "2027-000001"


def test_series_is_the_council_covering_the_department():
    assert receipt_series(department="69") == "69"
    assert receipt_series(department="2A") == "2A"
    # No council covers it: the département itself is the series.
    assert receipt_series(department="99") == "99"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_get_consecutive_numbers(postgres):
    """Eight payments at once in one council, each in its own transaction and connection:
    eight different numbers, 1 to 8, none skipped."""
    calls = _calls(*["69"] * 8)
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def pay(call: DuesCall) -> None:
        try:
            barrier.wait()
            _cheque(call)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sequences = sorted(Receipt.objects.filter(council="69").values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))


BEFORE = [("cotisations", "0008_sepa_debit_and_returned_payments")]
AFTER = [("cotisations", "0009_receipt_numbers")]


@pytest.mark.django_db(transaction=True)
def test_migration_numbers_existing_receipts_in_order_of_payment(migrate_to):
    lyon, lyon_too, paris = _calls("69", "69", "75")
    # Tariff categories added after BEFORE would break its check constraint on the way back.
    Tariff.objects.exclude(category__in=["active", "retired_active", "retired"]).delete()
    old_apps = migrate_to(BEFORE)
    try:
        OldPayment = old_apps.get_model("cotisations", "Payment")

        def old(call: DuesCall, day: int, status: str = "succeeded") -> int:
            return OldPayment.objects.create(
                call_id=call.pk,
                amount_cents=1000,
                method="cheque",
                status=status,
                received_on=datetime.date(YEAR, 1, day),
            ).pk

        later = old(lyon, 20)
        earlier = old(lyon_too, 3)
        refunded = old(lyon, 10, status="refunded")
        aside = old(lyon, 11, status="refund_due")
        in_paris = old(paris, 25)
    finally:
        new_apps = migrate_to(AFTER)
    numbers = {
        r.payment_id: (r.council, r.sequence)
        for r in new_apps.get_model("cotisations", "Receipt").objects.all()
    }
    assert numbers == {
        earlier: ("69", 1),
        refunded: ("69", 2),
        later: ("69", 3),
        in_paris: ("75", 1),
    }
    assert aside not in numbers
    # New payments continue the series where the migration left it.
    migrate_to(None)
    assert _number(_cheque(lyon_too, cents=500, day=28)) == "2027-000004"


def test_admin_shows_and_finds_receipt_numbers(client):
    from tests.auth_helpers import force_mfa_login
    from tests.factories import UserFactory

    lyon, paris = _calls("69", "75")
    _cheque(lyon)
    second = _cheque(lyon, day=16)
    _cheque(paris)
    force_mfa_login(client, UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/cotisations/payment/").content.decode()
    assert "2027-000002 (69)" in listing
    assert "2027-000001 (75)" in listing
    found = client.get("/admin/cotisations/payment/", {"q": "2027-000002"}).content.decode()
    assert f"/admin/cotisations/payment/{second.pk}/change/" in found
    assert "2027-000001 (75)" not in found
    change = client.get(f"/admin/cotisations/payment/{second.pk}/change/").content.decode()
    assert "2027-000002 (69)" in change
    call_page = client.get(f"/admin/cotisations/duescall/{lyon.pk}/change/").content.decode()
    assert "2027-000001 (69)" in call_page
