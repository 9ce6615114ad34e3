"""What Stripe SEPA gives the payment plans: a mandate saved in setup mode, the off-session
debit of one instalment (`DirectDebitCollector.collect`), its outcome, and `debit_failed`.

The plans themselves live in another app; here a small recorder stands in for their
`DebitOutcomes` handler (the interface they implement), and Stripe is the local fake.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from cotisations.models import (
    Attestation,
    CallStatus,
    CheckoutMode,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
)
from cotisations.providers import base
from cotisations.providers.base import ChargeError, MandateSetup
from cotisations.providers.stripe import StripeProvider
from cotisations.services.calls import dues_call_lock, payment_add
from cotisations.services.debit_outcomes import debit_failed
from cotisations.services.payments import checkout_start
from tests.cotisations.fake_stripe import (
    FAILS,
    REVOKED_METHOD,
    SUCCEEDS,
    TEST_IBANS,
    deliver,
    hosted_page_pay,
    hosted_page_setup,
    intent_timeline,
    stripe_webhook,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariff_of_340_euros")]
IBAN_OF = {outcome: iban for iban, outcome in TEST_IBANS.items() if iban.startswith("FR")}


class Recorder:
    """Stands in for the plans' handler: records what it is told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def debit_succeeded(self, **kwargs) -> None:
        self.calls.append(("succeeded", kwargs))

    def debit_failed(self, **kwargs) -> None:
        self.calls.append(("failed", kwargs))

    def mandate_set_up(self, *, setup: MandateSetup) -> None:
        self.calls.append(("mandate", {"setup": setup}))


@pytest.fixture
def plans():
    installed = list(base._debit_outcomes)  # the debits app's handler, put back after
    recorder = Recorder()
    base.register_debit_outcomes(recorder)
    yield recorder
    base._debit_outcomes[:] = installed


def _collect(method: str, *, debit_id: int = 7, key: str = "debit-7") -> str:
    return StripeProvider().collect(
        debit_id=debit_id,
        amount_cents=3400,
        mandate_reference="mandate_42",
        payment_method=method,
        customer="cus_42",
        sequence="RCUR",
        due_on=datetime.date(2027, 3, 5),
        idempotency_key=key,
    )


def test_collect_asks_for_an_off_session_sepa_debit_once(fake_stripe):
    method = f"pm_sepa_{IBAN_OF[SUCCEEDS]}"
    intent = _collect(method)
    [sent] = fake_stripe.requests
    assert sent["path"] == "/v1/payment_intents"
    assert sent["headers"]["Idempotency-Key"] == "debit-7"
    form = sent["form"]
    assert form["payment_method_types[0]"] == ["sepa_debit"]
    assert (form["off_session"], form["confirm"]) == (["true"], ["true"])
    assert (form["payment_method"], form["customer"], form["mandate"]) == (
        [method],
        ["cus_42"],
        ["mandate_42"],
    )
    assert (form["amount"], form["currency"]) == (["3400"], ["eur"])
    assert (form["metadata[debit]"], form["metadata[sequence]"]) == (["7"], ["RCUR"])
    # A retried task asks again with the same key: the same debit, not a second one.
    assert _collect(method) == intent
    assert len(fake_stripe.intents) == 1


def test_collect_on_a_revoked_mandate_is_refused_at_once(fake_stripe):
    with pytest.raises(ChargeError):
        _collect(REVOKED_METHOD)


@pytest.mark.parametrize("outcome", [SUCCEEDS, FAILS])
def test_the_outcome_of_a_plan_debit_goes_to_the_plans(fake_stripe, client, plans, outcome):
    intent = _collect(f"pm_sepa_{IBAN_OF[outcome]}")
    timeline = intent_timeline(intent)
    assert deliver(client, timeline, until=0) == []
    assert deliver(client, timeline, until=0) == []  # redelivered: the ledger drops it
    if outcome == SUCCEEDS:
        assert plans.calls == [
            ("succeeded", {"debit_id": 7, "provider_reference": intent, "amount_cents": 3400})
        ]
    else:
        assert plans.calls == [
            (
                "failed",
                {
                    "debit_id": 7,
                    "provider_reference": intent,
                    "reason_code": "insufficient_funds",
                    "reason_label": "provision insuffisante sur le compte",
                },
            )
        ]


@pytest.fixture
def no_plans():
    installed = list(base._debit_outcomes)
    base._debit_outcomes.clear()
    yield
    base._debit_outcomes[:] = installed


def test_without_plans_a_debit_outcome_waits_for_staff(fake_stripe, client, no_plans):
    intent = _collect(f"pm_sepa_{IBAN_OF[SUCCEEDS]}")
    [timed] = intent_timeline(intent)
    assert stripe_webhook(client, timed.event).status_code == 200
    record = ProviderEvent.objects.get(event_id=timed.event["id"])
    assert record.error == "debit: no plan handler is installed"
    assert record.processed_at is None


def test_with_the_plans_installed_an_unknown_debit_waits_for_staff(fake_stripe, client):
    intent = _collect(f"pm_sepa_{IBAN_OF[SUCCEEDS]}")  # debit 7: no such scheduled debit
    [timed] = intent_timeline(intent)
    assert stripe_webhook(client, timed.event).status_code == 200
    record = ProviderEvent.objects.get(event_id=timed.event["id"])
    assert record.error == "debit: no such scheduled debit"


def test_a_mandate_for_a_plan_is_set_up_on_stripes_page(fake_stripe, client, plans):
    provider = StripeProvider()
    session = provider.start_mandate_setup(
        reference="plan-12",
        email="dr@exemple.test",
        name="Anne Moreau",
        success_url="/espace/cotisations/",
        cancel_url="/espace/cotisations/",
    )
    customer, created = fake_stripe.requests
    assert customer["path"] == "/v1/customers"
    assert customer["headers"]["Idempotency-Key"] == "mandate-customer-plan-12"
    assert created["form"]["mode"] == ["setup"]
    assert created["form"]["payment_method_types[0]"] == ["sepa_debit"]
    assert created["headers"]["Idempotency-Key"] == "mandate-setup-plan-12"
    assert session.redirect_url.startswith("https://checkout.stripe.com/")

    iban = IBAN_OF[SUCCEEDS]
    completed = hosted_page_setup(session.session_id, iban)
    assert stripe_webhook(client, completed).status_code == 200
    [(kind, given)] = plans.calls
    setup = given["setup"]
    assert kind == "mandate"
    assert setup.session_id == session.session_id
    assert setup.payment_method == f"pm_sepa_{iban}"
    assert setup.customer.startswith("cus_")
    assert setup.mandate.startswith("mandate_")
    assert setup.iban_last4 == "2606"
    # What the plans keep is what collect needs.
    assert _collect(setup.payment_method, debit_id=8, key="debit-8").startswith("pi_sepa_")


def _settled_sepa_payment(call) -> Payment:
    locked = dues_call_lock(call_id=call.pk)
    return payment_add(
        call=locked,
        amount_cents=34000,
        method=PaymentMethod.SEPA_DEBIT,
        received_on=datetime.date(2027, 3, 5),
        provider="sepa_file",
        provider_reference="RUM-1-2027-03",
    )


def test_debit_failed_returns_the_payment_reopens_and_emails_once(
    call, doctor_user, mailoutbox, django_capture_on_commit_callbacks
):
    payment = _settled_sepa_payment(call)
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a return reported twice
            debit_failed(
                payment_id=payment.pk,
                call_id=call.pk,
                reason_code="AM04",
                reason_label="provision insuffisante sur le compte",
            )
    payment.refresh_from_db()
    call.refresh_from_db()
    assert payment.status == PaymentStatus.RETURNED
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)
    assert not Attestation.objects.filter(call=call).exists()
    [email] = mailoutbox
    assert email.to == [doctor_user.email]
    assert "Il reste 340,00\u00a0€ à régler" in email.body


# ---- Races, on PostgreSQL: webhooks about one payment delivered at the same instant --------


def _at_once(events: list[dict]) -> list[int]:
    barrier = threading.Barrier(len(events))
    statuses, errors = [], []

    def send(event):
        try:
            barrier.wait()
            statuses.append(stripe_webhook(Client(), event).status_code)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(event,)) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return statuses


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_dispute_still_uncommitted_when_the_settlement_arrives_is_not_lost(
    postgres, fake_stripe, settings, call, doctor_user
):
    """The dispute's transaction has found no payment and is not committed yet when the
    settlement is applied: without serialising the two, the settlement would not see the
    dispute, and the dispute would never see the payment."""
    from cotisations.services.payments import webhook_receive
    from tests.cotisations.fake_stripe import DISPUTED, signed_headers

    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode=CheckoutMode.SEPA_DEBIT)
    processing, *rest = hosted_page_pay(checkout.provider_session_id, IBAN_OF[DISPUTED])
    assert stripe_webhook(Client(), processing.event).status_code == 200
    dispute = next(t.event for t in rest if t.event["type"] == "charge.dispute.created")
    settled = [t.event for t in rest if t.event is not dispute]
    applied, settlement_done, errors = threading.Event(), threading.Event(), []

    def dispute_held_open():
        try:
            with transaction.atomic():
                body, headers = signed_headers(dispute)
                webhook_receive(provider_name="stripe", body=body, headers=headers)
                applied.set()
                # Committed only once the settlement finished, or after 3 s if it waits on us.
                settlement_done.wait(timeout=3)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    def settle():
        try:
            applied.wait(timeout=10)
            for event in settled:
                assert stripe_webhook(Client(), event).status_code == 200
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            settlement_done.set()
            connection.close()

    threads = [threading.Thread(target=dispute_held_open), threading.Thread(target=settle)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    call.refresh_from_db()
    assert call.payments.get().status == PaymentStatus.DISPUTED
    assert (call.status, call.paid_cents) == (CallStatus.OPEN, 0)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_same_settlement_delivered_twice_at_once_pays_once(
    postgres, fake_stripe, settings, call, doctor_user
):
    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode=CheckoutMode.SEPA_DEBIT)
    processing, *rest = hosted_page_pay(checkout.provider_session_id, IBAN_OF[SUCCEEDS])
    settled = [timed.event for timed in rest]
    assert _at_once([processing.event, *settled, *settled]) == [200] * (1 + 2 * len(settled))
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert call.payments.count() == 1
