"""Stripe SEPA Debit, applied: a debit in progress, a debit failed, disputes, plans' debits.

Called by `services.payments.event_apply` inside the webhook's transaction, after the event
was stored in the ledger. Order never matters:

- a checkout moves to `processing` only from a state where nothing was decided (a failure or
  a settlement that arrived first wins);
- a dispute is applied from the ledger as a whole: whichever of « opened », « won », « lost »
  and the settlement arrives first, the payment ends up `disputed` exactly while one of its
  disputes is open or lost (`payment_dispute_sync`).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import connection

from cotisations import selectors
from cotisations.models import (
    Checkout,
    CheckoutMode,
    CheckoutStatus,
    DuesCall,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProviderEvent,
)
from cotisations.providers.base import (
    DEBIT_FAILED,
    DEBIT_SUCCEEDED,
    DISPUTE_LOST,
    DISPUTE_OPENED,
    DISPUTE_WON,
    MANDATE_SET_UP,
    EventInvalid,
    WebhookEvent,
    debit_outcomes,
)
from cotisations.services.calls import dues_call_lock, dues_call_recompute
from cotisations.services.debit_outcomes import debit_failed
from portal.money import euros

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("portal.security")

DISPUTE_EVENTS = (DISPUTE_OPENED, DISPUTE_WON, DISPUTE_LOST)
# Where a checkout may still go to `processing` from: nothing was decided yet. EXPIRED and
# CANCELLED are the portal's own word (the doctor opened another checkout meanwhile); the
# bank may still have accepted the debit.
_UNDECIDED = (CheckoutStatus.OPEN, CheckoutStatus.EXPIRED, CheckoutStatus.CANCELLED)


def provider_reference_lock(reference: str) -> None:
    """Serialise every event about one provider payment (its settlement, its disputes) until
    the end of the transaction, taken before the call's row lock. A dispute may arrive before
    the payment exists, so the call cannot be locked first; PostgreSQL's advisory lock on the
    reference closes that race (SQLite serialises writers anyway)."""
    if reference and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"payment:{reference}"])


def checkout_start_check(*, call: DuesCall, mode: str) -> None:
    """Why no checkout can open now, if so (the caller holds the call's lock): SEPA debit
    only where it is offered, and nothing while a debit of the call waits for the bank."""
    if mode == CheckoutMode.SEPA_DEBIT and not selectors.sepa_checkout_offered():
        raise ValidationError({"mode": "Le prélèvement SEPA en ligne n’est pas proposé."})
    pending = selectors.sepa_debit_in_progress(call=call)
    if pending is not None:
        raise ValidationError(
            f"Un prélèvement SEPA de {euros(pending.amount_cents)} est en cours pour cette "
            "cotisation\u00a0: ne payez pas une seconde fois. La banque le confirme en quelques "
            "jours ouvrés\u00a0; s’il n’aboutit pas, vous serez prévenu par courriel."
        )


def checkout_processing(*, checkout: Checkout) -> None:
    """The debit was submitted: the checkout waits for the bank (the caller holds the lock)."""
    if checkout.status in _UNDECIDED:
        checkout.status = CheckoutStatus.PROCESSING
        checkout.save(update_fields=["status", "updated_at"])


def sepa_checkout_failed(*, call: DuesCall, checkout: Checkout, event: WebhookEvent) -> None:
    """The debit of a SEPA checkout failed before settling: the doctor may pay again, and is
    told why. A failure after the settlement was recorded changes nothing (a return after
    settlement comes as a dispute); a repeated failure emails once."""
    if checkout.status not in (*_UNDECIDED, CheckoutStatus.PROCESSING):
        return
    checkout.status = CheckoutStatus.DECLINED
    checkout.save(update_fields=["status", "updated_at"])
    debit_failed(
        payment_id=None,
        call_id=call.pk,
        reason_code=event.reason_code,
        reason_label=event.reason_label or "prélèvement refusé par la banque",
    )


def payment_method_of(checkout: Checkout) -> PaymentMethod | None:
    """The payment method a SEPA checkout records (None: the card flow decides)."""
    return PaymentMethod.SEPA_DEBIT if checkout.mode == CheckoutMode.SEPA_DEBIT else None


def _dispute_rows(*, provider_name: str, reference: str) -> list[tuple[str, str]]:
    """(dispute id, portal event type) of every applied dispute event about `reference`."""
    rows = ProviderEvent.objects.filter(
        provider=provider_name,
        type__in=DISPUTE_EVENTS,
        error="",
        payload__data__object__payment_intent=reference,
    ).values_list("payload__data__object__id", "type")
    return [(str(dispute), str(kind)) for dispute, kind in rows]


def dispute_active(*, provider_name: str, reference: str) -> bool:
    """Whether one of the payment's disputes is open or lost, from the ledger: a dispute
    closed « won » is over whatever order its events came in."""
    kinds: dict[str, set[str]] = {}
    for dispute, kind in _dispute_rows(provider_name=provider_name, reference=reference):
        kinds.setdefault(dispute, set()).add(kind)
    return any(DISPUTE_WON not in seen for seen in kinds.values())


def payment_dispute_sync(*, call: DuesCall, payment: Payment) -> bool:
    """Bring `payment` in line with its disputes (the caller holds the call's lock): disputed
    while one is open or lost, never counted; restored when all were won (kept aside as
    `refund_due` if the dues were paid otherwise meanwhile). Whether it changed."""
    active = dispute_active(provider_name=payment.provider, reference=payment.provider_reference)
    if active and payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUND_DUE):
        payment.status = PaymentStatus.DISPUTED
        payment.save(update_fields=["status"])
        dues_call_recompute(call=call, reason="Règlement contesté par le payeur")
        # Staff see it in « À traiter » (Règlements contestés); the log says when.
        security_logger.warning(
            "Payment disputed: provider=%s payment=%s call=%s",
            payment.provider,
            payment.pk,
            call.pk,
        )
        return True
    if not active and payment.status == PaymentStatus.DISPUTED:
        restored = payment.amount_cents <= call.balance_cents
        payment.status = PaymentStatus.SUCCEEDED if restored else PaymentStatus.REFUND_DUE
        payment.save(update_fields=["status"])
        dues_call_recompute(call=call, reason="Contestation close en faveur de l’Ordre")
        return True
    return False


def dispute_apply(*, provider_name: str, event: WebhookEvent) -> None:
    """A dispute opened or closed. Before the payment is recorded, the ledger keeps it and the
    settlement applies it (`payment_dispute_sync` from `_checkout_event`)."""
    provider_reference_lock(event.payment_reference)
    payment = Payment.objects.filter(
        provider=provider_name, provider_reference=event.payment_reference
    ).first()
    if payment is None:
        logger.info("Dispute %s before its payment %s", event.type, event.payment_reference)
        return
    call = dues_call_lock(call_id=payment.call_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if event.amount_cents and event.amount_cents > payment.amount_cents:
        raise EventInvalid("amount: more than the payment's")
    payment_dispute_sync(call=call, payment=payment)


def plan_event_apply(*, event: WebhookEvent) -> None:
    """A plan's debit settled or failed, or a plan's mandate was set up: the plans' own
    handler applies it. Without one (no plans installed), the event waits for staff."""
    handler = debit_outcomes()
    if handler is None:
        raise EventInvalid("debit: no plan handler is installed")
    if event.type == DEBIT_SUCCEEDED and event.debit_id is not None:
        handler.debit_succeeded(
            debit_id=event.debit_id,
            provider_reference=event.payment_reference,
            amount_cents=event.amount_cents,
        )
    elif event.type == DEBIT_FAILED and event.debit_id is not None:
        handler.debit_failed(
            debit_id=event.debit_id,
            provider_reference=event.payment_reference,
            reason_code=event.reason_code,
            reason_label=event.reason_label,
        )
    elif event.type == MANDATE_SET_UP:
        from cotisations.providers.stripe import StripeProvider

        handler.mandate_set_up(
            setup=StripeProvider().mandate_setup_result(session_id=event.object_reference)
        )
