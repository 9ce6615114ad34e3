"""Instalments: notices 7 days ahead, collections on the saved payment method, failures."""

import logging

from django.db import transaction

from cotisations import selectors
from cotisations.models import (
    CallStatus,
    DuesCall,
    Instalment,
    InstalmentStatus,
)
from cotisations.providers import get_provider
from cotisations.providers.base import ChargeError, ProviderUnavailable
from cotisations.services.calls import dues_call_lock
from cotisations.services.reminders import reminder_send_one
from portal.french_format import french_date
from portal.money import euros
from portal.personal_sources import personal_pages_invalidate_for
from portal.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)


def instalment_notice_send(*, instalment_id: int) -> bool:
    instalment = Instalment.objects.select_related("plan").get(pk=instalment_id)
    if instalment.status != InstalmentStatus.SCHEDULED:
        return False
    return reminder_send_one(
        call_id=instalment.plan.call_id,
        kind=selectors.NOTICE_KIND[instalment.number],
        extra={
            "instalment_amount": euros(instalment.amount_cents),
            "instalment_date": french_date(instalment.due_on),
            "instalment_number": str(instalment.number),
        },
    )


def instalment_collect(*, instalment_id: int) -> str:
    """Ask the provider for one instalment. The outcome arrives as a webhook event.

    The instalment moves to `processing` first, in its own transaction, so that a retried or
    redelivered task never asks twice (providers also get an idempotency key).
    """
    with transaction.atomic():
        call_id = Instalment.objects.values_list("plan__call_id", flat=True).get(pk=instalment_id)
        call = dues_call_lock(call_id=call_id)
        instalment = (
            Instalment.objects.select_for_update().select_related("plan").get(pk=instalment_id)
        )
        if instalment.status != InstalmentStatus.SCHEDULED:
            return instalment.status
        if call.balance_cents <= 0 or call.status not in (
            CallStatus.OPEN,
            CallStatus.PARTIALLY_PAID,
        ):
            instalment.status = InstalmentStatus.CANCELLED
            instalment.save(update_fields=["status"])
            return instalment.status
        if instalment.amount_cents > call.balance_cents:
            # A cheque paid part of it meanwhile: never take more than what is owed.
            instalment.amount_cents = call.balance_cents
        instalment.status = InstalmentStatus.PROCESSING
        instalment.save(update_fields=["status", "amount_cents"])
    provider = get_provider(instalment.plan.provider)
    with transaction.atomic():
        try:
            reference = provider.charge_saved_method(instalment=instalment)
        except ChargeError:
            call = dues_call_lock(call_id=call_id)
            instalment = Instalment.objects.select_for_update().get(pk=instalment_id)
            instalment_fail(call=call, instalment=instalment)
            return instalment.status
        except ProviderUnavailable:
            # Nothing was taken: back to scheduled so that the task's retry asks again (with
            # the same idempotency key).
            Instalment.objects.filter(pk=instalment_id).update(status=InstalmentStatus.SCHEDULED)
            personal_pages_invalidate_for(Instalment.objects.get(pk=instalment_id))
            raise
        Instalment.objects.filter(pk=instalment_id, provider_reference="").update(
            provider_reference=reference
        )
    return InstalmentStatus.PROCESSING


def instalment_fail(*, call: DuesCall, instalment: Instalment) -> None:
    """A collection failed: later ones are cancelled and the doctor is told to pay by card.

    The call keeps what was paid (partially_paid); the caller holds the call's lock.
    """
    instalment.status = InstalmentStatus.FAILED
    instalment.save(update_fields=["status"])
    Instalment.objects.filter(plan=instalment.plan, status=InstalmentStatus.SCHEDULED).update(
        status=InstalmentStatus.CANCELLED
    )
    enqueue_on_commit("cotisations.tasks.send_instalment_failed", call.pk)
