"""Reads of the dues: the doctor space, the API, the admin, the public verification page,
and what the daily task works on."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from accounts.models import User
from cotisations.models import (
    Attestation,
    CallStatus,
    Campaign,
    Checkout,
    CheckoutStatus,
    DuesCall,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    ProviderEvent,
    ReminderKind,
    ReminderLog,
)
from portal.access import owned_or_404


def dues_call_list(*, user: User) -> QuerySet[DuesCall]:
    """The user's own calls, newest year first; nothing for an unclaimed account. The calls of
    companies they pay for are apart (`cotisations.selectors_companies`)."""
    if user.doctor_id is None:
        return DuesCall.objects.none()
    # The amount of a SEPA debit waiting for the bank, if any: read in the same query, as the
    # dues page shows it (« Prélèvement en cours ») instead of « Payer ».
    pending = Checkout.objects.filter(call=OuterRef("pk"), status=CheckoutStatus.PROCESSING)
    return (
        DuesCall.objects.filter(doctor_id=user.doctor_id, company__isnull=True)
        .select_related("campaign", "doctor")
        .annotate(debit_pending_cents=Subquery(pending.values("amount_cents")[:1]))
        .order_by("-campaign__year")
    )


def dues_call_current(*, user: User) -> DuesCall | None:
    return dues_call_list(user=user).first()


def dues_call_get(*, user: User, year: int) -> DuesCall:
    """The user's call of `year`; a logged 404 if they have none."""
    return owned_or_404(dues_call_list(user=user), user_id=user.pk, campaign__year=year)


def payment_list(*, call: DuesCall) -> QuerySet[Payment]:
    return call.payments.select_related("receipt").order_by("received_on", "pk")


def dues_history(*, user: User) -> list[DuesCall]:
    """Every year's call of the user, newest first, with its payments (receipt numbers
    included) and attestation: three queries whatever the number of years."""
    payments = Payment.objects.select_related("receipt").order_by("received_on", "pk")
    return list(
        dues_call_list(user=user)
        .select_related("attestation")
        .prefetch_related(Prefetch("payments", queryset=payments))
    )


def payment_get(*, user: User, payment_id: int) -> Payment:
    """One of the user's payments with a receipt; a logged 404 for anyone else's."""
    payments = Payment.objects.select_related("call__campaign", "call__doctor", "receipt").filter(
        call__doctor_id=user.doctor_id or 0,  # an unclaimed account has none
        status=PaymentStatus.SUCCEEDED,
    )
    return owned_or_404(payments, user_id=user.pk, pk=payment_id)


def instalment_list(*, call: DuesCall) -> QuerySet[Instalment]:
    return Instalment.objects.filter(plan__call=call).order_by("number")


def checkout_get(*, user: User, public_id: str) -> Checkout:
    """One of the user's checkouts, by its public id; a logged 404 for anyone else's."""
    checkouts = Checkout.objects.select_related("call__campaign").filter(
        call__doctor_id=user.doctor_id or 0  # an unclaimed account has none
    )
    return owned_or_404(checkouts, user_id=user.pk, public_id=public_id)


def sepa_checkout_offered() -> bool:
    """« Payer par prélèvement SEPA » with Stripe: both the card and the debit provider are
    Stripe (DIRECT_DEBIT_PROVIDER="sepa_file" debits through plans and pain.008 files)."""
    return (
        settings.PAYMENT_PROVIDER == "stripe"
        and getattr(settings, "DIRECT_DEBIT_PROVIDER", "") == "stripe"
    )


def sepa_debit_in_progress(*, call: DuesCall) -> Checkout | None:
    """The call's SEPA debit submitted to the bank and not settled yet, if any."""
    return call.checkouts.filter(status=CheckoutStatus.PROCESSING).order_by("-pk").first()


def attestation_verify(*, code: str) -> Attestation | None:
    """The attestation of `code` while its year stays paid in full, else None."""
    return (
        Attestation.objects.select_related("call__doctor", "call__campaign")
        .filter(code=code.strip().upper(), call__status=CallStatus.PAID)
        .first()
    )


def totals_by_department(*, year: int) -> list[dict[str, object]]:
    """Called and collected amounts per departmental council, with the collection rate."""
    rows = (
        DuesCall.objects.filter(campaign__year=year)
        .exclude(status__in=(CallStatus.CANCELLED, CallStatus.EXEMPT))
        .values("department")
        .annotate(
            calls=Count("pk"),
            paid_calls=Count("pk", filter=Q(status=CallStatus.PAID)),
            called_cents=Sum("amount_cents"),
            paid_cents=Sum("paid_cents"),
        )
        .order_by("department")
    )
    result = []
    for row in rows:
        called = row["called_cents"] or 0
        rate = (row["paid_cents"] or 0) * 1000 // called if called else 0
        result.append({**row, "rate_permille": rate})
    return result


# The admin list filter and the « À traiter » panel link with the same parameter.
EVENTS_TO_REVIEW_PARAMETER = "a_traiter"
EVENTS_TO_REVIEW_VALUE = "oui"


def provider_events_to_review(
    queryset: QuerySet[ProviderEvent] | None = None,
) -> QuerySet[ProviderEvent]:
    """Well-signed events that could not be applied and that staff have not handled yet."""
    events = ProviderEvent.objects.all() if queryset is None else queryset
    return events.filter(processed_at__isnull=True).exclude(error="")


# ---- What the daily task works on (cotisations.tasks.dues_daily) ---------------------------

NOTICE_DAYS = 7
NOTICE_KIND = {2: ReminderKind.INSTALMENT_2, 3: ReminderKind.INSTALMENT_3}


def instalments_notices_due(*, today: date) -> list[int]:
    """Instalments to announce now: collected within 7 days, not announced yet."""
    return list(
        Instalment.objects.filter(
            status=InstalmentStatus.SCHEDULED,
            due_on__lte=today + timedelta(days=NOTICE_DAYS),
            due_on__gt=today,
            number__in=NOTICE_KIND,
        ).values_list("pk", flat=True)
    )


def instalments_collectable(*, today: date) -> list[int]:
    return list(
        Instalment.objects.filter(status=InstalmentStatus.SCHEDULED, due_on__lte=today).values_list(
            "pk", flat=True
        )
    )


DUE_STATUSES = (CallStatus.OPEN, CallStatus.PARTIALLY_PAID)


def reminder_recipients(*, campaign: Campaign, kind: str) -> QuerySet[DuesCall]:
    """Calls still owing money that have not had `kind` yet. Calls paid by instalments or by
    a direct-debit plan on schedule get their own notices instead (debits.services.notices);
    calls with a SEPA debit in progress wait for it."""
    sent = ReminderLog.objects.filter(call=OuterRef("pk"), kind=kind)
    on_plan = Instalment.objects.filter(
        plan__call=OuterRef("pk"),
        status__in=(InstalmentStatus.SCHEDULED, InstalmentStatus.PROCESSING),
    )
    # A SEPA debit waiting for the bank will pay it: « pay now » would invite a second payment.
    debit_pending = Checkout.objects.filter(call=OuterRef("pk"), status=CheckoutStatus.PROCESSING)
    return (
        DuesCall.objects.filter(campaign=campaign, status__in=DUE_STATUSES)
        .exclude(Exists(sent))
        .exclude(Exists(on_plan))
        .exclude(Exists(debit_pending))
        # A running direct-debit plan has its own reminders (debits.services.notices).
        .exclude(debit_plans__status="active")
    )
