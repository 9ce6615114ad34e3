"""Stripe SEPA Debit against the local fake of Stripe's API (tests/cotisations/fake_stripe.py).

The doctor chooses « Payer par prélèvement SEPA »; the fake plays the hosted page with one of
Stripe's test IBANs and sends what test mode would send for it, signed with the SDK's helper.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from cotisations import selectors
from cotisations.documents import receipt_filename
from cotisations.models import (
    Attestation,
    CallStatus,
    Checkout,
    CheckoutMode,
    CheckoutStatus,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
    ReminderKind,
)
from cotisations.services.payments import checkout_start
from portal.admin_dashboard import waiting_items
from tests.cotisations.conftest import YEAR
from tests.cotisations.fake_stripe import (
    DISPUTED,
    FAILS,
    FAILS_LATE,
    LATE_SECONDS,
    SUCCEEDS,
    SUCCEEDS_LATE,
    TEST_IBANS,
    deliver,
    event,
    hosted_page_pay,
    stripe_webhook,
)
from tests.factories import UserFactory
from tests.portal.test_typography import french_faults

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariff_of_340_euros")]

PAY_URL = f"/espace/cotisations/{YEAR}/payer/"
IBAN_OF = {outcome: iban for iban, outcome in TEST_IBANS.items() if iban.startswith("FR")}


@pytest.fixture
def sepa(fake_stripe, settings):
    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    return fake_stripe


def _choose_sepa(doctor_client, call) -> Checkout:
    response = doctor_client.post(PAY_URL, {"mode": CheckoutMode.SEPA_DEBIT})
    checkout = Checkout.objects.get(call=call, mode=CheckoutMode.SEPA_DEBIT)
    assert (
        response["Location"] == f"https://checkout.stripe.com/c/pay/{checkout.provider_session_id}"
    )
    return checkout


def _pay_with(client, doctor_client, call, iban):
    """The doctor pays by SEPA with `iban`; the first event (debit submitted) is delivered."""
    checkout = _choose_sepa(doctor_client, call)
    timeline = hosted_page_pay(checkout.provider_session_id, iban)
    first, rest = timeline[0], timeline[1:]
    assert first.event["type"] == "checkout.session.completed"
    assert stripe_webhook(client, first.event).status_code == 200
    return checkout, rest


def test_the_button_shows_only_when_stripe_collects_debits(
    fake_stripe, settings, doctor_client, call
):
    settings.DIRECT_DEBIT_PROVIDER = "sepa_file"
    page = doctor_client.get("/espace/cotisations/").content.decode()
    # The council's own plans (debits app) are offered instead, under the same words.
    assert f'value="{CheckoutMode.SEPA_DEBIT}"' not in page
    response = doctor_client.post(PAY_URL, {"mode": CheckoutMode.SEPA_DEBIT}, follow=True)
    assert "Le prélèvement SEPA en ligne n’est pas proposé." in response.content.decode()
    assert not Checkout.objects.filter(call=call).exists()
    assert fake_stripe.requests == []

    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Payer par prélèvement SEPA" in page
    settings.PAYMENT_PROVIDER = "dummy"
    assert (
        "Payer par prélèvement SEPA"
        not in doctor_client.get("/espace/cotisations/").content.decode()
    )


def test_the_session_asks_stripe_for_a_sepa_debit_of_the_balance(sepa, doctor_client, call):
    checkout = _choose_sepa(doctor_client, call)
    [sent] = sepa.requests
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["form"]["payment_method_types[0]"] == ["sepa_debit"]
    assert sent["form"]["mode"] == ["payment"]
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == ["34000"]
    assert sent["form"]["line_items[0][price_data][currency]"] == ["eur"]
    assert sent["headers"]["Idempotency-Key"] == f"checkout-{checkout.public_id}"
    assert checkout.amount_cents == 34000


@pytest.mark.parametrize("outcome", [SUCCEEDS, SUCCEEDS_LATE])
def test_a_debit_in_progress_then_settled_pays_the_dues(
    sepa, client, doctor_client, call, outcome, mailoutbox, django_capture_on_commit_callbacks
):
    checkout, rest = _pay_with(client, doctor_client, call, IBAN_OF[outcome])

    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == CheckoutStatus.PROCESSING
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)  # not counted yet
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Prélèvement en cours" in page
    assert "en une fois" not in page  # no second payment offered meanwhile
    back = doctor_client.get(f"/espace/cotisations/retour/{checkout.public_id}/").content.decode()
    assert "Prélèvement en cours" in back

    # Test mode: the late IBAN settles after three minutes, not before.
    rest = deliver(client, rest, until=0)
    call.refresh_from_db()
    assert (call.status == CallStatus.PAID) == (outcome == SUCCEEDS)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, rest, until=LATE_SECONDS) == []

    call.refresh_from_db()
    checkout.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 34000)
    assert checkout.status == CheckoutStatus.COMPLETED
    [payment] = call.payments.all()
    assert (payment.method, payment.provider, payment.status) == (
        PaymentMethod.SEPA_DEBIT,
        "stripe",
        PaymentStatus.SUCCEEDED,
    )
    assert payment.provider_reference.startswith("pi_sepa_")
    assert Attestation.objects.filter(call=call).exists()
    if outcome == SUCCEEDS_LATE:
        # The intent and the session both announce the money: one receipt, sent once.
        [confirmation] = mailoutbox
        assert confirmation.attachments[0][0] == receipt_filename(payment)
        assert "Prélèvement SEPA" in confirmation.body
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Réglée" in page
    assert "Prélèvement en cours" not in page


def test_the_sepa_pages_write_french(sepa, client, doctor_client, call):
    offered = doctor_client.get("/espace/cotisations/").content.decode()
    checkout, _rest = _pay_with(client, doctor_client, call, IBAN_OF[SUCCEEDS_LATE])
    pending = doctor_client.get("/espace/cotisations/").content.decode()
    back = doctor_client.get(f"/espace/cotisations/retour/{checkout.public_id}/").content.decode()
    refused = doctor_client.post(PAY_URL, {"mode": CheckoutMode.FULL}, follow=True)
    for page in (offered, pending, back, refused.content.decode()):
        assert french_faults(page) == []


def test_no_second_payment_while_the_debit_waits(sepa, client, doctor_client, doctor_user, call):
    _pay_with(client, doctor_client, call, IBAN_OF[SUCCEEDS_LATE])
    requests_before = len(sepa.requests)
    for mode in (CheckoutMode.FULL, CheckoutMode.INSTALMENTS, CheckoutMode.SEPA_DEBIT):
        with pytest.raises(ValidationError) as error:
            checkout_start(call_id=call.pk, user=doctor_user, mode=mode)
        assert "Un prélèvement SEPA de 340,00\u00a0€ est en cours" in " ".join(error.value.messages)
    response = doctor_client.post(PAY_URL, {"mode": CheckoutMode.FULL}, follow=True)
    assert "ne payez pas une seconde fois" in response.content.decode()
    assert len(sepa.requests) == requests_before
    # Nor is the doctor reminded to pay meanwhile.
    assert call not in selectors.reminder_recipients(
        campaign=call.campaign, kind=ReminderKind.DEADLINE
    )


@pytest.mark.parametrize("outcome", [FAILS, FAILS_LATE])
def test_a_failed_debit_reopens_the_call_and_emails_the_doctor(
    sepa,
    client,
    doctor_client,
    doctor_user,
    call,
    outcome,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    checkout, rest = _pay_with(client, doctor_client, call, IBAN_OF[outcome])
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, rest, until=LATE_SECONDS) == []
        # Stripe redelivers the failure: still one email.
        for timed in rest:
            assert stripe_webhook(client, timed.event).status_code == 200

    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == CheckoutStatus.DECLINED
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)
    assert not call.payments.exists()
    [email] = mailoutbox
    assert email.to == [doctor_user.email]
    assert "n’a pas abouti" in email.subject
    assert "provision insuffisante sur le compte" in email.body
    assert "340,00\u00a0€" in email.body
    # Reopened: the doctor may pay again, by card or by a new debit.
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Prélèvement en cours" not in page
    assert "Payer par prélèvement SEPA" in page
    assert checkout_start(call_id=call.pk, user=doctor_user, mode=CheckoutMode.FULL)


def test_a_failure_before_the_processing_event_is_not_undone_by_it(
    sepa, client, doctor_client, call
):
    checkout = _choose_sepa(doctor_client, call)
    timeline = hosted_page_pay(checkout.provider_session_id, IBAN_OF[FAILS])
    for timed in reversed(timeline):  # out of order: the failures first
        assert stripe_webhook(client, timed.event).status_code == 200
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.DECLINED
    assert selectors.sepa_debit_in_progress(call=call) is None


def test_success_delivered_twice_and_before_processing_counts_once(
    sepa, client, doctor_client, call
):
    checkout = _choose_sepa(doctor_client, call)
    timeline = hosted_page_pay(checkout.provider_session_id, IBAN_OF[SUCCEEDS])
    processing, *settled = timeline
    for timed in settled + settled:
        assert stripe_webhook(client, timed.event).status_code == 200
    assert stripe_webhook(client, processing.event).status_code == 200  # late
    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    assert (call.status, call.payments.count()) == (CallStatus.PAID, 1)


def _disputed(client, doctor_client, call):
    checkout, rest = _pay_with(client, doctor_client, call, IBAN_OF[DISPUTED])
    dispute = next(t.event for t in rest if t.event["type"] == "charge.dispute.created")
    settled = [t for t in rest if t.event is not dispute]
    return checkout, settled, dispute


def _closed(dispute: dict, status: str) -> dict:
    return event("charge.dispute.closed", {**dispute["data"]["object"], "status": status})


@pytest.mark.parametrize("dispute_first", [False, True])
def test_a_dispute_takes_the_payment_out_and_a_won_one_restores_it(
    sepa, client, doctor_client, call, dispute_first, caplog
):
    _checkout, settled, dispute = _disputed(client, doctor_client, call)
    order = [dispute] + [t.event for t in settled]
    if not dispute_first:
        order = order[1:] + order[:1]
    for sent in order:
        assert stripe_webhook(client, sent).status_code == 200

    call.refresh_from_db()
    payment = call.payments.get()
    assert payment.status == PaymentStatus.DISPUTED
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)  # reopened
    assert not Attestation.objects.filter(call=call).exists()
    assert "Payment disputed" in caplog.text
    # Staff are alerted where other provider problems wait: « À traiter ».
    assert _disputed_waiting() == 1

    assert stripe_webhook(client, _closed(dispute, "won")).status_code == 200
    payment.refresh_from_db()
    call.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 34000)
    assert Attestation.objects.filter(call=call).exists()
    # The « created » redelivered after the close changes nothing.
    assert stripe_webhook(client, dispute).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


def _disputed_waiting() -> int:
    """The count of the « À traiter » line for disputed payments."""
    created = UserFactory.create(email="chef@ordre.test", is_staff=True, is_superuser=True)
    staff = User.objects.get(pk=created.pk)
    [count] = [
        item.count
        for item in waiting_items(user=staff)
        if item.label.startswith("Règlements contestés")
    ]
    return count


def test_a_lost_dispute_keeps_the_payment_out(sepa, client, doctor_client, call):
    _checkout, settled, dispute = _disputed(client, doctor_client, call)
    # Out of order: closed « lost » before « created », before the settlement.
    for sent in [_closed(dispute, "lost"), dispute] + [t.event for t in settled]:
        assert stripe_webhook(client, sent).status_code == 200
    call.refresh_from_db()
    assert call.payments.get().status == PaymentStatus.DISPUTED
    assert call.status == CallStatus.OPEN


def test_a_won_dispute_after_the_dues_were_paid_otherwise_is_kept_for_a_refund(
    sepa, client, doctor_client, doctor_user, call
):
    from cotisations.services.calls import payment_record_offline

    _checkout, settled, dispute = _disputed(client, doctor_client, call)
    for sent in [t.event for t in settled] + [dispute]:
        assert stripe_webhook(client, sent).status_code == 200
    payment_record_offline(
        call_id=call.pk,
        amount_cents=34000,
        method=PaymentMethod.TRANSFER,
        received_on=datetime.date(2027, 2, 1),
        reference="VIR-APRES-LITIGE",
        actor=None,
    )
    assert stripe_webhook(client, _closed(dispute, "won")).status_code == 200
    call.refresh_from_db()
    debit = call.payments.get(method=PaymentMethod.SEPA_DEBIT)
    assert debit.status == PaymentStatus.REFUND_DUE  # never counted twice
    assert (call.status, call.paid_cents) == (CallStatus.PAID, 34000)


def test_a_dispute_of_more_than_the_payment_waits_for_staff(sepa, client, doctor_client, call):
    _checkout, settled, dispute = _disputed(client, doctor_client, call)
    for timed in settled:
        stripe_webhook(client, timed.event)
    dispute["data"]["object"]["amount"] = 99999
    assert stripe_webhook(client, dispute).status_code == 200
    record = ProviderEvent.objects.get(event_id=dispute["id"])
    assert record.error == "amount: more than the payment's"
    assert call.payments.get().status == PaymentStatus.SUCCEEDED


@pytest.mark.parametrize(("provider", "allowed"), [("stripe", True), ("dummy", False)])
def test_the_csp_lets_the_pay_form_go_to_stripes_page(provider, allowed):
    # Browsers hold the redirect after « Payer » to `form-action`: without Stripe's origin the
    # doctor would stay on the dues page (the SEPA browser journey found it).
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {**os.environ, "PAYMENT_PROVIDER": provider}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert (django_settings.STRIPE_CHECKOUT_ORIGIN in out) == allowed
    assert "'self'" in out
