import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cotisations.models import (
    Attestation,
    CallStatus,
    DuesCallStatusChange,
    PaymentMethod,
    PaymentStatus,
)
from cotisations.services import calls
from cotisations.services.calls import (
    TransitionError,
    dues_call_cancel,
    dues_call_exempt,
    dues_call_lock,
    dues_call_reopen,
    dues_call_transition,
    payment_add,
    payment_record_offline,
    payment_refund,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 2, 1)


def _cheque(call, cents, actor=None):
    return payment_record_offline(
        call_id=call.pk,
        amount_cents=cents,
        method=PaymentMethod.CHEQUE,
        received_on=TODAY,
        reference="CHQ 1234567",
        actor=actor,
    )


def test_partial_then_full_cheque_keeps_the_balance_right(call, admin_user):
    _cheque(call, 10000, admin_user)
    call.refresh_from_db()
    assert (call.status, call.paid_cents, call.balance_cents) == (
        CallStatus.PARTIALLY_PAID,
        10000,
        26500,
    )
    _cheque(call, 26500, admin_user)
    call.refresh_from_db()
    assert (call.status, call.balance_cents) == (CallStatus.PAID, 0)
    history = list(
        DuesCallStatusChange.objects.filter(call=call).values_list("from_status", "to_status")
    )
    assert history == [("open", "partially_paid"), ("partially_paid", "paid")]
    assert Attestation.objects.filter(call=call).exists()


def test_overpayment_is_refused_with_a_clear_message(call):
    _cheque(call, 30000)
    with pytest.raises(ValidationError) as error:
        _cheque(call, 7000)
    assert "dépasse le solde restant dû (65,00" in error.value.message_dict["amount"][0]
    call.refresh_from_db()
    assert call.paid_cents == 30000


def test_only_cheques_and_transfers_offline(call):
    with pytest.raises(ValidationError):
        payment_record_offline(
            call_id=call.pk,
            amount_cents=100,
            method=PaymentMethod.CARD,
            received_on=TODAY,
            reference="",
            actor=None,
        )


def test_invalid_transition_raises_and_records_nothing(call):
    call.status = CallStatus.EXEMPT
    call.save()
    with pytest.raises(TransitionError):
        dues_call_transition(call=call, to_status=CallStatus.PAID, reason="test")
    assert not DuesCallStatusChange.objects.exists()


def test_cancel_needs_a_reason_and_nothing_paid(call, admin_user):
    with pytest.raises(ValidationError):
        dues_call_cancel(call_id=call.pk, reason=" ", actor=admin_user)
    _cheque(call, 100)
    with pytest.raises(TransitionError):
        dues_call_cancel(call_id=call.pk, reason="Erreur d’appel", actor=admin_user)


def test_cancel_exempt_reopen_with_history(call, admin_user):
    dues_call_exempt(call_id=call.pk, reason="Décision du conseil", actor=admin_user)
    call.refresh_from_db()
    assert call.status == CallStatus.EXEMPT
    assert call.balance_cents == 0
    with pytest.raises(ValidationError):
        _cheque(call, 100)
    dues_call_reopen(call_id=call.pk, reason="Erreur", actor=admin_user)
    dues_call_cancel(call_id=call.pk, reason="Doublon", actor=admin_user)
    reasons = list(DuesCallStatusChange.objects.filter(call=call).values_list("reason", flat=True))
    assert reasons == ["Décision du conseil", "Erreur", "Doublon"]


def _card(call, cents, reference="pi_dummy_1"):
    """A card payment taken by the dummy provider, as its webhook records it."""
    with transaction.atomic():
        return payment_add(
            call=dues_call_lock(call_id=call.pk),
            amount_cents=cents,
            method=PaymentMethod.CARD,
            received_on=TODAY,
            provider="dummy",
            provider_reference=reference,
        )


def test_refund_reopens_and_withdraws_the_attestation(call, admin_user, monkeypatch):
    def no_provider(name=None):
        raise AssertionError("a cheque is refunded outside the portal")

    monkeypatch.setattr(calls, "get_provider", no_provider)
    payment = _cheque(call, 36500)
    code = Attestation.objects.get(call=call).code
    payment_refund(payment_id=payment.pk, reason="Chèque impayé", actor=admin_user)
    call.refresh_from_db()
    payment.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)
    assert not Attestation.objects.filter(code=code).exists()
    assert (payment.status, payment.refund_reference) == (PaymentStatus.REFUNDED, "")


def test_dummy_card_refund_records_the_provider_reference(call, admin_user):
    payment = _card(call, 36500)
    payment_refund(payment_id=payment.pk, reason="Erreur de l’Ordre", actor=admin_user)
    payment.refresh_from_db()
    call.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refund_reference.startswith("re_dummy_")
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)
    # The same idempotency key gets the same refund back from the dummy provider too.
    assert (
        calls.get_provider("dummy").refund(
            payment=payment, amount_cents=36500, idempotency_key=f"refund-{payment.pk}"
        )
        == payment.refund_reference
    )


def test_overpaid_card_payment_is_refunded_without_touching_the_balance(call, admin_user):
    _cheque(call, 36500)
    overpaid = _card(call, 36500)
    assert overpaid.status == PaymentStatus.REFUND_DUE
    payment_refund(payment_id=overpaid.pk, reason="Trop-perçu", actor=admin_user)
    overpaid.refresh_from_db()
    call.refresh_from_db()
    assert overpaid.status == PaymentStatus.REFUNDED
    assert overpaid.refund_reference.startswith("re_dummy_")
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 36500)


def test_refund_needs_a_reason_and_asks_no_provider_without_one(call, monkeypatch):
    called = []
    monkeypatch.setattr(calls, "get_provider", lambda name=None: called.append(name))
    payment = _card(call, 36500)
    with pytest.raises(ValidationError):
        payment_refund(payment_id=payment.pk, reason="  ", actor=None)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert called == []


@pytest.mark.django_db(transaction=True)
def test_provider_is_asked_with_no_transaction_open(call, monkeypatch):
    from django.db import connection

    seen = []

    class Recorder:
        def refund(self, *, payment, amount_cents, idempotency_key):
            # A row lock would last until the end of a transaction: there must be none.
            seen.append((connection.in_atomic_block, amount_cents, idempotency_key))
            return "re_recorded"

    payment = _card(call, 36500)
    monkeypatch.setattr(calls, "get_provider", lambda name=None: Recorder())
    payment_refund(payment_id=payment.pk, reason="Erreur", actor=None)
    assert seen == [(False, 36500, f"refund-{payment.pk}")]
    payment.refresh_from_db()
    assert payment.refund_reference == "re_recorded"
