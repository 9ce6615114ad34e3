"""Debits collected one at a time by another provider (Stripe SEPA Debit), not by batch.

On its due date each debit of a plan whose mandate belongs to such a provider is asked from
that provider's `DirectDebitCollector.collect` (cotisations/providers/base.py), outside any
transaction and with the idempotency key `debit-<id>`, so a retried run gets the same
PaymentIntent back. The outcome comes later by webhook: the provider's handler calls
`remote_debit_outcome`, which settles it or records its return like a batch's debit.
"""

from datetime import date
from typing import cast

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from cotisations.providers import get_provider
from cotisations.providers.base import DirectDebitCollector, EventInvalid, MandateSetup
from cotisations.services.calls import dues_call_lock
from debits.models import DEBIT_WORKFLOW, DebitStatus, PlanStatus, ReturnSource, ScheduledDebit
from debits.services.batches import PROVIDER, debit_prepare, debit_settle, in_flight_amounts
from debits.services.returns import debit_return_record


def collector_for(provider: str) -> DirectDebitCollector:
    collector = get_provider(provider)
    if not callable(getattr(collector, "collect", None)):
        raise ImproperlyConfigured(f"The {provider} provider cannot collect direct debits.")
    return cast(DirectDebitCollector, collector)


def remote_debits_due(*, today: date) -> list[int]:
    return list(
        ScheduledDebit.objects.filter(
            status=DebitStatus.SCHEDULED, due_on__lte=today, plan__status=PlanStatus.ACTIVE
        )
        .exclude(mandate__provider=PROVIDER)
        .values_list("pk", flat=True)
    )


def remote_debit_collect(*, debit_id: int) -> bool:
    """Ask the provider for one debit; whether it was asked now."""
    with transaction.atomic():
        call_id = ScheduledDebit.objects.values_list("plan__call_id", flat=True).get(pk=debit_id)
        call = dues_call_lock(call_id=call_id)
        debit = (
            ScheduledDebit.objects.select_for_update()
            .select_related("mandate", "plan")
            .get(pk=debit_id)
        )
        if debit.status != DebitStatus.SCHEDULED or debit.plan.status != PlanStatus.ACTIVE:
            return False
        if not debit_prepare(
            debit=debit, call=call, in_flight=in_flight_amounts([call_id]), used=set()
        ):
            return False
        debit.save(update_fields=["amount_cents", "sequence"])
    mandate = debit.mandate
    reference = collector_for(mandate.provider).collect(
        debit_id=debit.pk,
        amount_cents=debit.amount_cents,
        mandate_reference=mandate.reference,
        payment_method=mandate.provider_payment_method,
        customer=mandate.provider_customer,
        sequence=debit.sequence,
        due_on=debit.due_on,
        idempotency_key=f"debit-{debit.pk}",
    )
    with transaction.atomic():
        dues_call_lock(call_id=call_id)
        debit = ScheduledDebit.objects.select_for_update().get(pk=debit_id)
        if debit.status == DebitStatus.SCHEDULED:
            DEBIT_WORKFLOW.move(debit, DebitStatus.BATCHED)
            debit.provider_reference = reference
            debit.save(update_fields=["status", "provider_reference"])
    return True


def remote_debit_outcome(
    *, provider_reference: str, succeeded: bool, reason_code: str = "", on: date | None = None
) -> bool:
    """The provider's word on a debit it collected (by webhook); safe to receive twice."""
    debit = ScheduledDebit.objects.filter(provider_reference=provider_reference).first()
    if debit is None:
        return False
    if succeeded:
        return debit_settle(debit_id=debit.pk, on=on)
    _, new = debit_return_record(
        debit_id=debit.pk, reason_code=reason_code or "MS03", source=ReturnSource.PROVIDER
    )
    return new


class PlanDebitOutcomes:
    """The plans' side of the provider's webhooks (cotisations.providers.base.DebitOutcomes),
    installed by DebitsConfig.ready: Stripe's word on a debit `remote_debit_collect` asked
    for is applied like a batch's settlement or return."""

    def _debit(self, *, debit_id: int, provider_reference: str) -> ScheduledDebit:
        debit = ScheduledDebit.objects.filter(pk=debit_id).first()
        if debit is None:
            raise EventInvalid("debit: no such scheduled debit")
        if not debit.provider_reference:
            # The webhook overtook `remote_debit_collect` recording what it asked for: a
            # server error makes the provider deliver it again, by when the row says so.
            raise RuntimeError(f"debit {debit_id}: not yet recorded as asked of the provider")
        if debit.provider_reference != provider_reference:
            raise EventInvalid("debit: the reference names another debit")
        return debit

    def debit_succeeded(self, *, debit_id: int, provider_reference: str, amount_cents: int) -> None:
        debit = self._debit(debit_id=debit_id, provider_reference=provider_reference)
        if amount_cents != debit.amount_cents:
            raise EventInvalid("debit: amount differs from the scheduled debit")
        remote_debit_outcome(provider_reference=debit.provider_reference, succeeded=True)

    def debit_failed(
        self, *, debit_id: int, provider_reference: str, reason_code: str, reason_label: str
    ) -> None:
        self._debit(debit_id=debit_id, provider_reference=provider_reference)
        debit_return_record(
            debit_id=debit_id,
            reason_code=reason_code or "MS03",
            source=ReturnSource.PROVIDER,
            source_reference=provider_reference[:35],
        )

    def mandate_set_up(self, *, setup: MandateSetup) -> None:
        # The doctor's pages set up mandates with the council's bank only (sepa_file); a
        # Stripe mandate for a plan is not offered yet, so such an event waits for staff.
        raise EventInvalid("mandate: plans by Stripe mandate are not offered")
