"""Debits a provider collects one at a time (Stripe's side is d1stripe's): the plan asks the
provider's collector on the due date, once, and applies the outcome it reports."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from cotisations.models import CallStatus, PaymentStatus
from debits.models import DebitStatus, Mandate, PlanStatus
from debits.services import remote
from tests.debits.conftest import first_due, make_plan

pytestmark = pytest.mark.django_db


class RecordingCollector:
    """The protocol's seam: what the plan asks, answered like Stripe (a PaymentIntent id)."""

    def __init__(self) -> None:
        self.asked: list[dict[str, object]] = []

    def collect(self, **request: object) -> str:
        self.asked.append(request)
        return f"pi_test_{request['debit_id']}"


@pytest.fixture
def collector(monkeypatch):
    recording = RecordingCollector()
    monkeypatch.setattr(remote, "collector_for", lambda provider: recording)
    return recording


@pytest.fixture
def stripe_plan(doctor_user, call):
    plan = make_plan(doctor_user, call)
    Mandate.objects.filter(pk=plan.mandate_id).update(
        provider="stripe", provider_customer="cus_test", provider_payment_method="pm_test"
    )
    return plan


def test_a_due_debit_is_asked_once_with_its_mandate(stripe_plan, collector):
    due = first_due(stripe_plan)
    assert remote.remote_debits_due(today=date(due.year, due.month, due.day - 1)) == []
    (debit_id,) = remote.remote_debits_due(today=due)
    assert remote.remote_debit_collect(debit_id=debit_id)
    assert not remote.remote_debit_collect(debit_id=debit_id)  # a retried task asks nothing
    (asked,) = collector.asked
    assert asked["idempotency_key"] == f"debit-{debit_id}"
    assert asked["customer"] == "cus_test"
    assert asked["payment_method"] == "pm_test"
    assert asked["sequence"] == "FRST"
    debit = stripe_plan.debits.get(pk=debit_id)
    assert debit.status == DebitStatus.BATCHED
    assert debit.provider_reference == f"pi_test_{debit_id}"
    assert debit.batch is None


def test_the_outcome_settles_or_returns_the_debit(stripe_plan, collector, call):
    (debit_id,) = remote.remote_debits_due(today=first_due(stripe_plan))
    remote.remote_debit_collect(debit_id=debit_id)
    reference = f"pi_test_{debit_id}"
    assert remote.remote_debit_outcome(provider_reference=reference, succeeded=True)
    assert not remote.remote_debit_outcome(provider_reference=reference, succeeded=True)
    debit = stripe_plan.debits.get(pk=debit_id)
    assert debit.payment.provider == "stripe"  # type: ignore[union-attr]
    assert debit.payment.provider_reference == reference  # type: ignore[union-attr]
    call.refresh_from_db()
    assert call.status == CallStatus.PARTIALLY_PAID
    assert remote.remote_debit_outcome(
        provider_reference=reference, succeeded=False, reason_code="MD06"
    )
    debit.refresh_from_db()
    assert debit.payment.status == PaymentStatus.RETURNED  # type: ignore[union-attr]
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    stripe_plan.refresh_from_db()
    assert stripe_plan.status == PlanStatus.SUSPENDED
    assert not remote.remote_debit_outcome(provider_reference="pi_unknown", succeeded=True)


def test_a_provider_without_a_collector_is_refused():
    with pytest.raises(ImproperlyConfigured):
        remote.collector_for("dummy")


def test_the_installed_handler_applies_what_stripe_reports(stripe_plan, collector, call):
    """DebitsConfig.ready installs the plans' handler of Stripe's debit webhooks
    (cotisations.services.stripe_sepa.plan_event_apply calls it)."""
    from cotisations.providers.base import EventInvalid, debit_outcomes

    handler = debit_outcomes()
    assert isinstance(handler, remote.PlanDebitOutcomes)
    (debit_id,) = remote.remote_debits_due(today=first_due(stripe_plan))
    with pytest.raises(RuntimeError):  # the webhook overtook the collect: Stripe retries
        handler.debit_succeeded(debit_id=debit_id, provider_reference="pi_x", amount_cents=1)
    remote.remote_debit_collect(debit_id=debit_id)
    debit = stripe_plan.debits.get(pk=debit_id)
    reference = debit.provider_reference
    with pytest.raises(EventInvalid):
        handler.debit_succeeded(
            debit_id=debit_id, provider_reference="pi_other", amount_cents=debit.amount_cents
        )
    with pytest.raises(EventInvalid):
        handler.debit_succeeded(
            debit_id=debit_id, provider_reference=reference, amount_cents=debit.amount_cents + 1
        )
    handler.debit_succeeded(
        debit_id=debit_id, provider_reference=reference, amount_cents=debit.amount_cents
    )
    call.refresh_from_db()
    assert call.status == CallStatus.PARTIALLY_PAID
    handler.debit_failed(
        debit_id=debit_id, provider_reference=reference, reason_code="AM04", reason_label=""
    )
    handler.debit_failed(  # delivered twice: one return
        debit_id=debit_id, provider_reference=reference, reason_code="AM04", reason_label=""
    )
    debit.refresh_from_db()
    assert debit.payment.status == PaymentStatus.RETURNED  # type: ignore[union-attr]
    assert debit.debit_return.reason_code == "AM04"
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN


def test_an_outcome_for_an_unknown_debit_is_refused_for_staff():
    from cotisations.providers.base import EventInvalid

    with pytest.raises(EventInvalid):
        remote.PlanDebitOutcomes().debit_failed(
            debit_id=10**9, provider_reference="pi_x", reason_code="AM04", reason_label=""
        )
