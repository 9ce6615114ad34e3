"""Paying online: starting a checkout, and fulfilling it from verified webhook events only."""

import logging
import secrets
from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cotisations.models import (
    CallStatus,
    Checkout,
    CheckoutMode,
    CheckoutStatus,
    DuesCall,
    Instalment,
    InstalmentPlan,
    InstalmentStatus,
    Payment,
    PaymentMethod,
    ProviderEvent,
)
from cotisations.providers import get_provider
from cotisations.providers.base import (
    CHARGE_FAILED,
    CHARGE_SUCCEEDED,
    CHECKOUT_CANCELLED,
    CHECKOUT_COMPLETED,
    CHECKOUT_DECLINED,
    CHECKOUT_PROCESSING,
    DEBIT_FAILED,
    DEBIT_SUCCEEDED,
    MANDATE_SET_UP,
    EventInvalid,
    WebhookEvent,
)
from cotisations.services import stripe_sepa
from cotisations.services.calls import dues_call_lock, payment_add
from cotisations.services.instalments import instalment_fail

# The provider's "Annuler" leads back to the dues page with this flag (views.dues_space).
CANCELLED_QUERY = "?paiement=annule"

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("portal.security")

INSTALMENT_COUNT = 3
# An open checkout older than this is considered abandoned: "Payer" opens a fresh one.
CHECKOUT_REUSE_WINDOW = timedelta(minutes=30)


def instalment_amounts(balance_cents: int) -> list[int]:
    """Three parts adding up to the balance; the first takes the odd cents."""
    part = balance_cents // INSTALMENT_COUNT
    return [balance_cents - part * (INSTALMENT_COUNT - 1)] + [part] * (INSTALMENT_COUNT - 1)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def checkout_start(*, call_id: int, user: User, mode: str) -> Checkout:
    """The checkout to send the doctor to: a double click finds the one just opened."""
    if mode not in CheckoutMode.values:
        raise ValidationError({"mode": "Choisissez de payer en une fois ou en 3 fois."})
    # The lock serialises concurrent clicks: the second waits, then finds the first checkout.
    call = dues_call_lock(call_id=call_id)
    if user.doctor_id is None or call.doctor_id != user.doctor_id:
        raise DuesCall.DoesNotExist
    if call.status in (CallStatus.EXEMPT, CallStatus.CANCELLED) or call.balance_cents <= 0:
        raise ValidationError("Il ne reste rien à régler sur cette cotisation.")
    stripe_sepa.checkout_start_check(call=call, mode=mode)
    if mode == CheckoutMode.INSTALMENTS and (
        call.paid_cents > 0 or InstalmentPlan.objects.filter(call=call).exists()
    ):
        raise ValidationError(
            "Le paiement en 3 fois n’est possible que pour une cotisation dont rien n’a encore "
            "été réglé. Vous pouvez régler le solde en une fois."
        )
    amount = call.balance_cents
    if mode == CheckoutMode.INSTALMENTS:
        amount = instalment_amounts(call.balance_cents)[0]
    existing = Checkout.objects.select_for_update().filter(call=call, status=CheckoutStatus.OPEN)
    for checkout in existing:
        fresh = timezone.now() - checkout.created_at < CHECKOUT_REUSE_WINDOW
        if fresh and checkout.mode == mode and checkout.amount_cents == amount:
            return checkout
        checkout.status = CheckoutStatus.EXPIRED
        checkout.save(update_fields=["status", "updated_at"])
    provider = get_provider()
    checkout = Checkout.objects.create(
        public_id=secrets.token_urlsafe(18),
        call=call,
        mode=mode,
        amount_cents=amount,
        provider=provider.name,
        created_by=user,
    )
    session = provider.start_checkout(
        checkout=checkout,
        success_url=reverse("cotisations:checkout_return", args=[checkout.public_id]),
        cancel_url=reverse("cotisations:space") + CANCELLED_QUERY,
    )
    checkout.provider_session_id = session.session_id
    checkout.redirect_url = session.redirect_url
    checkout.save(update_fields=["provider_session_id", "redirect_url", "updated_at"])
    return checkout


class WebhookOutcome:
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    # Well signed, but its content cannot be accepted: stored with its error, for staff.
    INVALID = "invalid"


def webhook_receive(*, provider_name: str, body: bytes, headers: Mapping[str, str]) -> list[str]:
    """Verify a webhook (WebhookError otherwise), record each event once, and apply it.

    Each event is stored in the ledger and applied in one transaction: a second delivery of
    the same event, even at the same instant, meets the unique event id and changes nothing.
    A well-signed event that cannot be applied (EventInvalid, or a row the rules refuse) is
    stored with its error and left for staff, and the webhook still succeeds: a provider
    answered with an error only retries the same event for days.
    """
    events = get_provider(provider_name).parse_webhook(body=body, headers=headers)
    outcomes = []
    for event in events:
        try:
            with transaction.atomic():
                record = ProviderEvent.objects.create(
                    provider=provider_name,
                    event_id=event.id,
                    type=event.type,
                    payload=event.payload,
                    error=event.error,
                )
                if not record.error:
                    record.error = _apply_or_refusal(provider_name=provider_name, event=event)
                    record.processed_at = None if record.error else timezone.now()
                    record.save(update_fields=["processed_at", "error"])
        except IntegrityError:
            # The unique event id: another delivery of this event was (or is being) applied.
            if not ProviderEvent.objects.filter(provider=provider_name, event_id=event.id).exists():
                raise
            outcomes.append(WebhookOutcome.DUPLICATE)
            continue
        if record.error:
            # Names and ids only: the event's content stays in the ledger, for staff.
            security_logger.warning(
                "Signed webhook refused: provider=%s event=%s type=%s ledger=%s problem=%s",
                provider_name,
                record.event_id,
                record.type,
                record.pk,
                record.error,
            )
            outcomes.append(WebhookOutcome.INVALID)
            continue
        outcomes.append(WebhookOutcome.PROCESSED)
    return outcomes


def provider_events_mark_handled(*, event_ids: list[int]) -> int:
    """Staff dealt with these refused events: they leave « À traiter » (their error stays)."""
    return (
        ProviderEvent.objects.filter(pk__in=event_ids, processed_at__isnull=True)
        .exclude(error="")
        .update(processed_at=timezone.now())
    )


def _apply_or_refusal(*, provider_name: str, event: WebhookEvent) -> str:
    """Apply the event in a savepoint; what made it inapplicable, or "" once applied."""
    try:
        with transaction.atomic():
            event_apply(provider_name=provider_name, event=event)
    except EventInvalid as exc:
        return str(exc)
    except ValidationError as exc:
        # A row the model refuses (full_clean): the fields named, never the values.
        fields = sorted(exc.message_dict) if hasattr(exc, "error_dict") else []
        named = ", ".join(fields) or "no field named"
        return f"refused by the rules of the ledger: {named}"[:255]
    return ""


def event_apply(*, provider_name: str, event: WebhookEvent) -> None:
    """Apply one verified event. Order does not matter: money received always counts, and a
    late "cancelled" or "failed" never undoes a payment already recorded."""
    if event.type in (
        CHECKOUT_COMPLETED,
        CHECKOUT_DECLINED,
        CHECKOUT_CANCELLED,
        CHECKOUT_PROCESSING,
    ):
        _checkout_event(provider_name=provider_name, event=event)
    elif event.type in (CHARGE_SUCCEEDED, CHARGE_FAILED):
        _charge_event(provider_name=provider_name, event=event)
    elif event.type in stripe_sepa.DISPUTE_EVENTS:
        stripe_sepa.dispute_apply(provider_name=provider_name, event=event)
    elif event.type in (DEBIT_SUCCEEDED, DEBIT_FAILED, MANDATE_SET_UP):
        stripe_sepa.plan_event_apply(event=event)
    else:
        logger.info("Ignored %s event %s", provider_name, event.type)


def _checkout_event(*, provider_name: str, event: WebhookEvent) -> None:
    try:
        call_id = Checkout.objects.values_list("call_id", flat=True).get(
            public_id=event.checkout_id, provider=provider_name
        )
    except Checkout.DoesNotExist:
        logger.warning("Webhook for unknown checkout %s", event.checkout_id)
        return
    # Before the call's lock, as a dispute about the same payment takes it (stripe_sepa).
    stripe_sepa.provider_reference_lock(event.payment_reference)
    call = dues_call_lock(call_id=call_id)
    checkout = Checkout.objects.select_for_update().get(public_id=event.checkout_id)
    if event.amount_cents and event.amount_cents != checkout.amount_cents:
        # Stripe charges exactly what the checkout asked: any other figure is not this payment.
        raise EventInvalid("amount: differs from the checkout's")
    if event.type == CHECKOUT_PROCESSING:
        stripe_sepa.checkout_processing(checkout=checkout)
        return
    if event.type == CHECKOUT_DECLINED and checkout.mode == CheckoutMode.SEPA_DEBIT:
        stripe_sepa.sepa_checkout_failed(call=call, checkout=checkout, event=event)
        return
    if event.type != CHECKOUT_COMPLETED:
        if checkout.status == CheckoutStatus.OPEN:
            checkout.status = (
                CheckoutStatus.DECLINED
                if event.type == CHECKOUT_DECLINED
                else CheckoutStatus.CANCELLED
            )
            checkout.save(update_fields=["status", "updated_at"])
        return
    if checkout.status == CheckoutStatus.COMPLETED:
        return
    # Completed wins over an earlier "cancelled" or "expired": the money did move.
    checkout.status = CheckoutStatus.COMPLETED
    checkout.save(update_fields=["status", "updated_at"])
    reference = event.payment_reference or f"{checkout.public_id}"
    if Payment.objects.filter(provider=provider_name, provider_reference=reference).exists():
        return
    amount = event.amount_cents or checkout.amount_cents
    today = timezone.localdate()
    later = call.balance_cents - amount
    if (
        checkout.mode == CheckoutMode.INSTALMENTS
        and later > 1
        and not InstalmentPlan.objects.filter(call=call).exists()
    ):
        _plan_create(call=call, checkout=checkout, event=event, first_paid_on=today)
        method = PaymentMethod.INSTALMENT
    else:
        method = stripe_sepa.payment_method_of(checkout) or PaymentMethod.CARD
    payment = payment_add(
        call=call,
        amount_cents=amount,
        method=method,
        received_on=today,
        provider=provider_name,
        provider_reference=reference,
    )
    # A dispute may have been announced before the settlement: the ledger has it.
    stripe_sepa.payment_dispute_sync(call=call, payment=payment)


def _plan_create(
    *, call: DuesCall, checkout: Checkout, event: WebhookEvent, first_paid_on: date
) -> InstalmentPlan:
    plan = InstalmentPlan.objects.create(
        call=call,
        provider=checkout.provider,
        customer_reference=event.customer_reference,
        payment_method_reference=event.payment_method_reference,
    )
    # What is left after the first part is taken in two monthly collections.
    rest = call.balance_cents - checkout.amount_cents
    amounts = [checkout.amount_cents, rest - rest // 2, rest // 2]
    Instalment.objects.bulk_create(
        Instalment(
            plan=plan,
            number=number,
            amount_cents=amount,
            due_on=add_months(first_paid_on, number - 1),
            status=InstalmentStatus.PAID if number == 1 else InstalmentStatus.SCHEDULED,
            provider_reference=event.payment_reference if number == 1 else "",
        )
        for number, amount in enumerate(amounts, start=1)
    )
    return plan


def _charge_event(*, provider_name: str, event: WebhookEvent) -> None:
    if event.instalment_id is None:
        return
    try:
        call_id = Instalment.objects.values_list("plan__call_id", flat=True).get(
            pk=event.instalment_id, plan__provider=provider_name
        )
    except Instalment.DoesNotExist:
        logger.warning("Webhook for unknown instalment %s", event.instalment_id)
        return
    call = dues_call_lock(call_id=call_id)
    instalment = Instalment.objects.select_for_update().get(pk=event.instalment_id)
    if event.amount_cents and event.amount_cents != instalment.amount_cents:
        raise EventInvalid("amount: differs from the instalment's")
    if instalment.status == InstalmentStatus.PAID:
        return
    if event.type == CHARGE_FAILED:
        if instalment.status in (InstalmentStatus.SCHEDULED, InstalmentStatus.PROCESSING):
            instalment_fail(call=call, instalment=instalment)
        return
    instalment.status = InstalmentStatus.PAID
    instalment.provider_reference = event.payment_reference
    instalment.save(update_fields=["status", "provider_reference"])
    if Payment.objects.filter(
        provider=provider_name, provider_reference=event.payment_reference
    ).exists():
        return
    payment_add(
        call=call,
        amount_cents=event.amount_cents or instalment.amount_cents,
        method=PaymentMethod.INSTALMENT,
        received_on=timezone.localdate(),
        provider=provider_name,
        provider_reference=event.payment_reference,
    )
