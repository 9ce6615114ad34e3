"""The payment confirmation: sent once per successful payment, receipt attached."""

import datetime

import pytest
from django.core import mail

from cotisations.models import Payment, PaymentStatus
from cotisations.services.calls import payment_record_offline
from cotisations.services.confirmations import payment_confirmation_send
from cotisations.services.payments import checkout_start
from tests.cotisations.conftest import completed_event, post_webhook
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_card_payment_confirmed_once_with_its_receipt(
    client, call, doctor_user, django_capture_on_commit_callbacks
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, completed_event(checkout, event_id="evt_1")).status_code == 200
        # The same event delivered again, and another event announcing the same payment.
        assert post_webhook(client, completed_event(checkout, event_id="evt_1")).status_code == 200
        assert post_webhook(client, completed_event(checkout, event_id="evt_2")).status_code == 200
    payment = Payment.objects.get(call=call)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [doctor_user.email]
    assert "365,00\u00a0€" in message.subject
    assert "Carte bancaire" in message.body
    assert "entièrement réglée" in message.body
    assert f"/espace/cotisations/recus/{payment.pk}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    number = payment.receipt.number
    assert (filename, mimetype) == (f"recu-{number}-{call.doctor.rpps}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    payment.refresh_from_db()
    assert payment.confirmation_sent_at is not None
    # The task redelivered: nothing more.
    assert payment_confirmation_send(payment_id=payment.pk) is False
    assert len(mail.outbox) == 1


def test_first_instalment_lists_the_two_to_come(
    client, call, doctor_user, django_capture_on_commit_callbacks
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="instalments")
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, completed_event(checkout, event_id="evt_i"))
    [message] = mail.outbox
    assert "Paiement fractionné" in message.body
    assert "Il reste 243,32\u00a0€ à régler" in message.body
    assert message.body.count("échéance n°\u00a0") == 2
    html = message.alternatives[0][0]
    assert html.count("<li>") == 2


def test_offline_payment_is_confirmed_too(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        payment_record_offline(
            call_id=call.pk,
            amount_cents=10000,
            method="cheque",
            received_on=datetime.date(2027, 1, 5),
            reference="1234567",
            actor=None,
        )
    [message] = mail.outbox
    assert "Chèque" in message.body
    assert "5 janvier 2027" in message.body
    assert "Il reste 265,00\u00a0€ à régler" in message.body


def test_no_confirmation_for_money_to_refund_or_a_missing_payment(call):
    payment = PaymentFactory.create(call=call, status=PaymentStatus.REFUND_DUE)
    assert payment_confirmation_send(payment_id=payment.pk) is False
    assert payment_confirmation_send(payment_id=10**9) is False
    assert mail.outbox == []


def test_a_failed_send_leaves_the_payment_unconfirmed_for_the_retry(call, monkeypatch):
    payment = Payment.objects.create(
        call=call, amount_cents=500, method="transfer", received_on=datetime.date(2027, 1, 5)
    )

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("cotisations.services.confirmations.email_send", refuse)
    with pytest.raises(OSError, match="SMTP down"):
        payment_confirmation_send(payment_id=payment.pk)
    payment.refresh_from_db()
    assert payment.confirmation_sent_at is None
    monkeypatch.undo()
    assert payment_confirmation_send(payment_id=payment.pk) is True
    assert len(mail.outbox) == 1
