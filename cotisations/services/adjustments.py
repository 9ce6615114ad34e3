"""A council's decision on one call's amount: halve it, or exempt the year altogether.

Used by the exemption requests (exemptions app); every change goes through the call's
services (`calls`): its row lock, `dues_call_recompute` and `dues_call_transition`, so paid
amounts, status, attestation and scheduled instalments follow as they do for a refund.

Money already received above the new amount cannot be kept: those payments become
`refund_due` (as money arriving on a settled call does), for staff to refund with the
payments' own action, never counted in the balance. Payments are kept whole, oldest first,
while they fit the new amount; the first that does not fit and every later one are to be
refunded (a payment is refunded whole by its provider, never in part).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from cotisations.models import (
    CallStatus,
    Category,
    Checkout,
    CheckoutStatus,
    DuesCall,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
)
from cotisations.services.calls import dues_call_lock, dues_call_recompute, dues_call_transition

CLOSED_MESSAGE = (
    "Cette cotisation est «\u00a0{status}\u00a0»\u00a0: son montant ne peut plus changer."
)


def payments_beyond(*, call: DuesCall, keep_up_to_cents: int) -> list[Payment]:
    """The succeeded payments that do not fit in `keep_up_to_cents`, kept whole oldest first
    (what a decision would mark `refund_due`; the admin shows it before staff confirm)."""
    kept = 0
    beyond: list[Payment] = []
    for payment in call.payments.filter(status=PaymentStatus.SUCCEEDED).order_by(
        "received_on", "pk"
    ):
        if not beyond and kept + payment.amount_cents <= keep_up_to_cents:
            kept += payment.amount_cents
        else:
            beyond.append(payment)
    return beyond


def _payments_to_refund(*, call: DuesCall, keep_up_to_cents: int) -> None:
    beyond = payments_beyond(call=call, keep_up_to_cents=keep_up_to_cents)
    call.payments.filter(pk__in=[p.pk for p in beyond]).update(status=PaymentStatus.REFUND_DUE)


def _stop_pending_collection(*, call: DuesCall, cancel_instalments: bool) -> None:
    # An open checkout was priced at the old balance: a new « Payer » starts at the new one.
    # If the doctor still completes the old page, the money arrives as `refund_due` when it
    # exceeds what is left, as any payment crossing another does.
    Checkout.objects.filter(call=call, status=CheckoutStatus.OPEN).update(
        status=CheckoutStatus.EXPIRED
    )
    if cancel_instalments:
        Instalment.objects.filter(plan__call=call, status=InstalmentStatus.SCHEDULED).update(
            status=InstalmentStatus.CANCELLED
        )


def half_split(call: DuesCall) -> tuple[int, int, int]:
    """Each council's part halved; the odd cent is the doctor's (the total rounds down)."""
    amount = call.amount_cents // 2
    departmental = call.departmental_cents // 2
    regional = call.regional_cents // 2
    return departmental, regional, amount - departmental - regional


@transaction.atomic
def dues_call_halve(*, call_id: int, reason: str, actor: User | None) -> DuesCall:
    """Halve a call (half exemption): new parts, payments beyond the half to refund.

    Scheduled card instalments stay: each is collected up to the balance left, and those
    left over once it is paid are cancelled (`instalment_collect`, `dues_call_recompute`).
    """
    call = dues_call_lock(call_id=call_id)
    if call.status in (CallStatus.EXEMPT, CallStatus.CANCELLED) or (
        call.category == Category.HALF_EXEMPT
    ):
        raise ValidationError(CLOSED_MESSAGE.format(status=call.get_status_display()))
    departmental, regional, national = half_split(call)
    new_amount = departmental + regional + national
    # First the payments beyond the new amount, counted out at the old amount (paid stays
    # within it), then the new amount: the call's constraints hold at every save.
    _payments_to_refund(call=call, keep_up_to_cents=new_amount)
    dues_call_recompute(call=call, reason=reason, actor=actor)
    call.category = Category.HALF_EXEMPT
    call.departmental_cents, call.regional_cents, call.national_cents = (
        departmental,
        regional,
        national,
    )
    call.amount_cents = new_amount
    call.full_clean()
    call.save(
        update_fields=[
            "category",
            "departmental_cents",
            "regional_cents",
            "national_cents",
            "amount_cents",
            "updated_at",
        ]
    )
    _stop_pending_collection(call=call, cancel_instalments=False)
    # Paid in full at the new amount: the attestation is issued for it.
    return dues_call_recompute(call=call, reason=reason, actor=actor)


@transaction.atomic
def dues_call_exempt_in_full(*, call_id: int, reason: str, actor: User | None) -> DuesCall:
    """Exempt a call even if something was paid: every payment becomes `refund_due`."""
    call = dues_call_lock(call_id=call_id)
    if call.status == CallStatus.EXEMPT:
        return call
    if call.status == CallStatus.CANCELLED:
        raise ValidationError(CLOSED_MESSAGE.format(status=call.get_status_display()))
    _payments_to_refund(call=call, keep_up_to_cents=0)
    dues_call_recompute(call=call, reason=reason, actor=actor)
    _stop_pending_collection(call=call, cancel_instalments=True)
    call.category = Category.EXEMPT
    call.save(update_fields=["category", "updated_at"])
    return dues_call_transition(call=call, to_status=CallStatus.EXEMPT, reason=reason, actor=actor)
