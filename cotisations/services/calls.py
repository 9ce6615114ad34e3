"""Writes on a dues call: guarded status changes, payments, refunds, attestations."""

import base64
import secrets
from datetime import date

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accounts.models import User
from cotisations.models import (
    CALL_WORKFLOW,
    Attestation,
    CallStatus,
    DuesCall,
    DuesCallStatusChange,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from cotisations.providers import get_provider
from cotisations.providers.base import ProviderUnavailable, RefundError
from cotisations.services.receipts import receipt_issue
from portal import workflow as portal_workflow
from portal.money import euros
from portal.queueing import enqueue_on_commit

# The old name of the portal's one transition error, kept for callers and tests for now.
TransitionError = portal_workflow.TransitionError

OFFLINE_METHODS = (PaymentMethod.CHEQUE, PaymentMethod.TRANSFER)


def dues_call_lock(*, call_id: int) -> DuesCall:
    """The call, locked until the end of the transaction (payments on it are serialised)."""
    return DuesCall.objects.select_for_update().select_related("campaign").get(pk=call_id)


def dues_call_transition(
    *, call: DuesCall, to_status: str, reason: str, actor: User | None = None
) -> DuesCall:
    """Move `call` to `to_status` if its workflow allows it, and record why in its history."""
    if to_status == call.status:
        return call
    move = CALL_WORKFLOW.move(call, to_status)
    call.full_clean()
    call.save(update_fields=["status", "paid_cents", "updated_at"])
    DuesCallStatusChange.objects.create(
        call=call,
        from_status=move.from_status,
        to_status=move.to_status,
        reason=reason,
        actor=actor,
    )
    return call


def _status_for(call: DuesCall) -> str:
    if call.paid_cents == 0:
        return CallStatus.OPEN
    if call.paid_cents >= call.amount_cents:
        return CallStatus.PAID
    return CallStatus.PARTIALLY_PAID


def dues_call_recompute(*, call: DuesCall, reason: str, actor: User | None = None) -> DuesCall:
    """Bring paid amount, status and attestation in line with the payments received.

    The caller holds the call's row lock.
    """
    total = call.payments.filter(status=PaymentStatus.SUCCEEDED).aggregate(s=Sum("amount_cents"))
    call.paid_cents = total["s"] or 0
    if call.status in (CallStatus.EXEMPT, CallStatus.CANCELLED):
        call.save(update_fields=["paid_cents", "updated_at"])
        return call
    target = _status_for(call)
    if target == call.status:
        call.full_clean()
        call.save(update_fields=["paid_cents", "updated_at"])
    else:
        dues_call_transition(call=call, to_status=target, reason=reason, actor=actor)
    if call.status == CallStatus.PAID:
        _attestation_issue(call=call)
        # Nothing is left to collect: later instalments must not take money twice.
        Instalment.objects.filter(plan__call=call, status=InstalmentStatus.SCHEDULED).update(
            status=InstalmentStatus.CANCELLED
        )
    else:
        # A refund takes the year out of "paid in full": its attestation no longer verifies.
        Attestation.objects.filter(call=call).delete()
    return call


def new_verification_code() -> str:
    """128 random bits in base32 without padding: 26 characters, no ambiguity of case."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def _attestation_issue(*, call: DuesCall) -> Attestation:
    last = call.payments.filter(status=PaymentStatus.SUCCEEDED).aggregate(d=Max("received_on"))
    attestation, _ = Attestation.objects.get_or_create(
        call=call,
        defaults={
            "code": new_verification_code(),
            "amount_cents": call.amount_cents,
            "paid_on": last["d"] or timezone.localdate(),
        },
    )
    return attestation


def payment_add(
    *,
    call: DuesCall,
    amount_cents: int,
    method: str,
    received_on: date,
    provider: str = "",
    provider_reference: str = "",
    reference: str = "",
    actor: User | None = None,
) -> Payment:
    """Record money received on a locked call. More than the balance is kept aside as
    `refund_due` (money that already moved cannot be refused), never counted as paid."""
    overpaid = amount_cents > call.balance_cents
    payment = Payment(
        call=call,
        amount_cents=amount_cents,
        method=method,
        provider=provider,
        provider_reference=provider_reference,
        reference=reference,
        received_on=received_on,
        recorded_by=actor,
        status=PaymentStatus.REFUND_DUE if overpaid else PaymentStatus.SUCCEEDED,
    )
    payment.full_clean()
    payment.save()
    dues_call_recompute(call=call, reason=f"Règlement {payment.get_method_display()}", actor=actor)
    if payment.status == PaymentStatus.SUCCEEDED:
        # Numbered in this transaction: a payment rolled back takes its number back with it.
        receipt_issue(payment=payment)
        # Sent once the payment's transaction has committed (services.confirmations).
        enqueue_on_commit("cotisations.tasks.send_payment_confirmation", payment.pk)
    return payment


def payment_offline_check(*, call: DuesCall, amount_cents: int) -> None:
    """Why a cheque or transfer of `amount_cents` cannot be recorded on `call`, if it cannot.

    The admin's form asks this before saving, for field-level messages; the service asks it
    again once the call is locked.
    """
    if amount_cents <= 0:
        raise ValidationError({"amount": "Indiquez un montant supérieur à zéro."})
    if call.status in (CallStatus.EXEMPT, CallStatus.CANCELLED):
        raise ValidationError(
            f"Cette cotisation est « {call.get_status_display()} » : aucun règlement ne peut "
            "y être enregistré."
        )
    if amount_cents > call.balance_cents:
        raise ValidationError(
            {
                "amount": (
                    f"Le montant saisi ({euros(amount_cents)}) dépasse le solde restant dû "
                    f"({euros(call.balance_cents)}). Enregistrez au plus le solde ; le "
                    "trop-perçu doit être rendu au médecin."
                )
            }
        )


@transaction.atomic
def payment_record_offline(
    *,
    call_id: int,
    amount_cents: int,
    method: str,
    received_on: date,
    reference: str,
    actor: User | None,
) -> Payment:
    """A cheque or a transfer recorded by staff; partial payments are fine, overpayment is not."""
    if method not in OFFLINE_METHODS:
        raise ValidationError({"method": "Choisissez « Chèque » ou « Virement »."})
    call = dues_call_lock(call_id=call_id)
    payment_offline_check(call=call, amount_cents=amount_cents)
    return payment_add(
        call=call,
        amount_cents=amount_cents,
        method=method,
        received_on=received_on,
        reference=reference,
        actor=actor,
    )


def payment_refunds_through_provider(payment: Payment) -> bool:
    """Whether refunding `payment` sends the money back to the card through its provider.

    Card and instalment payments taken by a provider do; cheques and transfers are given back
    outside the portal and only marked refunded.
    """
    return (
        payment.method not in OFFLINE_METHODS
        and bool(payment.provider)
        and bool(payment.provider_reference)
    )


def _provider_refund(*, payment: Payment) -> str:
    """Ask the payment's own provider for the refund; a French ValidationError if it fails.

    The key `refund-<payment id>` makes a retried or concurrent attempt get the first refund
    back instead of a second one.
    """
    try:
        provider = get_provider(payment.provider)
    except ImproperlyConfigured as exc:
        raise ValidationError(
            f"Prestataire de paiement « {payment.provider} » inconnu : le remboursement n’a "
            "pas été demandé et le règlement n’a pas été modifié."
        ) from exc
    try:
        return provider.refund(
            payment=payment,
            amount_cents=payment.amount_cents,
            idempotency_key=f"refund-{payment.pk}",
        )
    except RefundError as exc:
        if exc.code == "charge_already_refunded":
            raise ValidationError(
                "Le prestataire de paiement indique que ce paiement est déjà remboursé. "
                "Vérifiez-le dans son tableau de bord ; le règlement n’a pas été modifié."
            ) from exc
        raise ValidationError(
            f"Le prestataire de paiement a refusé le remboursement ({exc}) ; "
            "le règlement n’a pas été modifié."
        ) from exc
    except ProviderUnavailable as exc:
        raise ValidationError(
            "Le prestataire de paiement ne répond pas : le remboursement n’a pas pu être "
            "confirmé et le règlement n’a pas été modifié. Réessayez dans quelques minutes "
            "(une nouvelle tentative ne rembourse jamais deux fois)."
        ) from exc


def payment_refund(*, payment_id: int, reason: str, actor: User | None) -> Payment:
    """Refund a payment and fix the balance of its call.

    A card or instalment payment taken by a provider is refunded through that provider first;
    only once the provider has accepted is the payment marked refunded, with the provider's
    refund reference. A cheque or a transfer is only marked refunded: the money goes back
    outside the portal. Refunding a refunded payment does nothing.

    No row lock is held while the provider is asked (it may take seconds, and would block
    every payment on the call meanwhile): the provider is called outside any transaction,
    then the payment is marked under the call's lock. Two refunds at once reach the provider
    with the same idempotency key: one refund at most (the second is answered with the first,
    or told to retry), and whichever marks second finds the payment refunded.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du remboursement."})
    payment = Payment.objects.get(pk=payment_id)
    if payment.status == PaymentStatus.REFUNDED:
        return payment
    refund_reference = ""
    if payment_refunds_through_provider(payment):
        refund_reference = _provider_refund(payment=payment)
    return _payment_mark_refunded(
        payment=payment, reason=reason, refund_reference=refund_reference, actor=actor
    )


@transaction.atomic
def _payment_mark_refunded(
    *, payment: Payment, reason: str, refund_reference: str, actor: User | None
) -> Payment:
    call = dues_call_lock(call_id=payment.call_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == PaymentStatus.REFUNDED:
        return payment
    payment.status = PaymentStatus.REFUNDED
    payment.refund_reason = reason
    payment.refund_reference = refund_reference
    payment.save(update_fields=["status", "refund_reason", "refund_reference"])
    dues_call_recompute(call=call, reason=f"Remboursement : {reason}", actor=actor)
    return payment


@transaction.atomic
def dues_call_cancel(*, call_id: int, reason: str, actor: User | None) -> DuesCall:
    """Cancel a call nothing was paid on (refund first otherwise)."""
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de l’annulation."})
    call = dues_call_lock(call_id=call_id)
    return dues_call_transition(
        call=call, to_status=CallStatus.CANCELLED, reason=reason.strip(), actor=actor
    )


@transaction.atomic
def dues_call_exempt(*, call_id: int, reason: str, actor: User | None) -> DuesCall:
    """Exempt a doctor from a year's dues (rare: decided by the council)."""
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de l’exonération."})
    call = dues_call_lock(call_id=call_id)
    return dues_call_transition(
        call=call, to_status=CallStatus.EXEMPT, reason=reason.strip(), actor=actor
    )


@transaction.atomic
def dues_call_reopen(*, call_id: int, reason: str, actor: User | None) -> DuesCall:
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de la réouverture."})
    call = dues_call_lock(call_id=call_id)
    dues_call_transition(call=call, to_status=CallStatus.OPEN, reason=reason.strip(), actor=actor)
    return dues_call_recompute(call=call, reason=reason.strip(), actor=actor)
