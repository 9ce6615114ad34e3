"""Plans: set up with a mandate, cancelled, moved to a new account, renewed the next year."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from cotisations.models import CallStatus, DuesCall, InstalmentPlan
from cotisations.services.calls import dues_call_lock
from debits.models import (
    COLLECTION_DAYS,
    DebitPlan,
    DebitStatus,
    Mandate,
    MandateStatus,
    MandateType,
    PlanKind,
    PlanStatus,
    ScheduledDebit,
)
from debits.services.mandates import Account, account_check, mandate_create, mandate_revoke
from debits.services.schedule import Planned, plan_schedule
from portal.queueing import enqueue_on_commit

DUE_STATUSES = (CallStatus.OPEN, CallStatus.PARTIALLY_PAID)


def plan_choice_check(*, kind: str, collection_day: int | str) -> tuple[str, int]:
    errors = {}
    if kind not in PlanKind.values:
        errors["kind"] = "Choisissez en une fois, en 3 ou en 10 mensualités."
    try:
        day = int(collection_day)
    except (TypeError, ValueError):
        day = 0
    if day not in COLLECTION_DAYS:
        days = ", ".join(str(d) for d in COLLECTION_DAYS)
        errors["collection_day"] = f"Choisissez le jour du prélèvement parmi le {days} du mois."
    if errors:
        raise ValidationError(errors)
    return kind, day


def plan_setup_check(*, call: DuesCall) -> None:
    """Why no plan can be set up on `call` now, if it cannot (a French ValidationError)."""
    _call_check(call)


def _call_check(call: DuesCall) -> None:
    if call.status not in DUE_STATUSES or call.balance_cents <= 0:
        raise ValidationError("Il ne reste rien à régler sur cette cotisation.")
    if DebitPlan.objects.filter(call=call, status=PlanStatus.ACTIVE).exists():
        raise ValidationError("Un prélèvement est déjà en place pour cette cotisation.")
    if InstalmentPlan.objects.filter(call=call).exists():
        raise ValidationError(
            "Cette cotisation est déjà réglée en 3 fois par carte : le prélèvement n’est pas "
            "possible en plus."
        )


def plan_preview(*, call: DuesCall, kind: str, collection_day: int) -> list[Planned]:
    return plan_schedule(
        kind=kind, day=collection_day, balance_cents=call.balance_cents, today=timezone.localdate()
    )


def _debits_create(*, plan: DebitPlan, schedule: list[Planned]) -> None:
    ScheduledDebit.objects.bulk_create(
        ScheduledDebit(
            plan=plan,
            number=planned.number,
            mandate=plan.mandate,
            due_on=planned.due_on,
            amount_cents=planned.amount_cents,
            end_to_end_id=f"CNOM-{plan.call_id}-{plan.pk}-{planned.number:02d}",
        )
        for planned in schedule
    )


def _plan_create(
    *, call: DuesCall, mandate: Mandate, kind: str, day: int, renew: bool
) -> DebitPlan:
    plan = DebitPlan(call=call, mandate=mandate, kind=kind, collection_day=day, renew=renew)
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise ValidationError("Un prélèvement est déjà en place pour cette cotisation.") from exc
    schedule = plan_schedule(
        kind=kind, day=day, balance_cents=call.balance_cents, today=timezone.localdate()
    )
    _debits_create(plan=plan, schedule=schedule)
    # The schedule by email is the SEPA pre-notification (at least 14 days ahead).
    enqueue_on_commit("debits.tasks.send_prenotification", plan.pk)
    return plan


@transaction.atomic
def plan_create(
    *,
    user: User,
    call_id: int,
    kind: str,
    collection_day: int | str,
    debtor_name: str,
    iban: str,
    bic: str,
    renew: bool,
    accepted: bool,
    ip: str,
) -> DebitPlan:
    """The doctor accepted the mandate and the schedule shown: record both."""
    errors: dict[str, str] = {}
    try:
        kind, day = plan_choice_check(kind=kind, collection_day=collection_day)
    except ValidationError as exc:
        errors.update({field: msgs[0] for field, msgs in exc.message_dict.items()})
    try:
        account = account_check(debtor_name=debtor_name, iban=iban, bic=bic)
    except ValidationError as exc:
        errors.update({field: msgs[0] for field, msgs in exc.message_dict.items()})
    if not accepted:
        errors["accept"] = "Cochez la case pour accepter le mandat de prélèvement."
    if errors:
        raise ValidationError(errors)
    call = dues_call_lock(call_id=call_id)
    if user.doctor_id is None or call.doctor_id != user.doctor_id:
        raise DuesCall.DoesNotExist
    _call_check(call)
    recurrent = renew or kind != PlanKind.FULL
    mandate = mandate_create(doctor=call.doctor, account=account, recurrent=recurrent, ip=ip)
    return _plan_create(call=call, mandate=mandate, kind=kind, day=day, renew=renew)


def plan_lock(*, user: User, plan_id: int) -> DebitPlan:
    """The user's plan, its call locked first (payments and returns take the same lock)."""
    call_id = (
        DebitPlan.objects.filter(pk=plan_id, call__doctor_id=user.doctor_id or 0)
        .values_list("call_id", flat=True)
        .first()
    )
    if call_id is None:
        raise DebitPlan.DoesNotExist
    dues_call_lock(call_id=call_id)
    return DebitPlan.objects.select_for_update().select_related("mandate", "call").get(pk=plan_id)


def plan_stop(*, plan: DebitPlan, status: str, reason: str) -> int:
    """End a plan: its debits not yet sent are cancelled; those already in a batch are with
    the bank and stay (collected, or returned). Returns how many stay in flight."""
    plan.status = status
    plan.ended_at = timezone.now()
    plan.save(update_fields=["status", "ended_at"])
    plan.debits.filter(status=DebitStatus.SCHEDULED).update(
        status=DebitStatus.CANCELLED, cancel_reason=reason
    )
    return plan.debits.filter(status=DebitStatus.BATCHED).count()


@transaction.atomic
def plan_cancel(*, user: User, plan_id: int) -> int:
    """The doctor stops the plan: the balance is due by the deadline by other means. Returns
    the number of debits already sent to the bank, which are still collected."""
    plan = plan_lock(user=user, plan_id=plan_id)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError("Ce prélèvement est déjà arrêté.")
    in_flight = plan_stop(plan=plan, status=PlanStatus.CANCELLED, reason="Arrêté par le médecin")
    plan.renew = False
    plan.save(update_fields=["renew"])
    if not in_flight:
        mandate_revoke(mandate=plan.mandate)
    return in_flight


@transaction.atomic
def plan_renewal_set(*, user: User, plan_id: int, renew: bool) -> DebitPlan:
    plan = plan_lock(user=user, plan_id=plan_id)
    if renew and plan.mandate.type != MandateType.RECURRENT:
        raise ValidationError(
            "Ce mandat est ponctuel : pour une reconduction, mettez en place un nouveau "
            "prélèvement l’an prochain."
        )
    plan.renew = renew
    plan.save(update_fields=["renew"])
    return plan


@transaction.atomic
def plan_account_change(
    *,
    user: User,
    plan_id: int,
    debtor_name: str,
    iban: str,
    bic: str,
    accepted: bool,
    ip: str,
) -> Mandate:
    """A new account is a new mandate with a new RUM; the old one is revoked. Debits not yet
    sent move to the new mandate (the first is a FRST again); any in a batch stay on the old."""
    account: Account = account_check(debtor_name=debtor_name, iban=iban, bic=bic)
    if not accepted:
        raise ValidationError({"accept": "Cochez la case pour accepter le nouveau mandat."})
    plan = plan_lock(user=user, plan_id=plan_id)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError("Ce prélèvement est arrêté : mettez-en place un nouveau.")
    old = plan.mandate
    mandate = mandate_create(
        doctor=plan.call.doctor,
        account=account,
        recurrent=old.type == MandateType.RECURRENT,
        ip=ip,
    )
    plan.mandate = mandate
    plan.save(update_fields=["mandate"])
    plan.debits.filter(status=DebitStatus.SCHEDULED).update(mandate=mandate)
    if not old.debits.filter(status=DebitStatus.BATCHED).exists():
        mandate_revoke(mandate=old)
    enqueue_on_commit("debits.tasks.send_prenotification", plan.pk)
    return mandate


def plans_renew(*, today: date) -> int:
    """Tacit renewal: a plan of last year with `renew` gets the same plan on this year's call,
    under the same recurrent mandate, once that call exists; the schedule is sent again."""
    renewed = 0
    candidates = DebitPlan.objects.filter(
        renew=True,
        status__in=(PlanStatus.ACTIVE, PlanStatus.COMPLETED),
        mandate__status=MandateStatus.ACTIVE,
        mandate__type=MandateType.RECURRENT,
        call__campaign__year=today.year - 1,
    ).select_related("call", "mandate")
    for previous in candidates:
        with transaction.atomic():
            call = (
                DuesCall.objects.select_for_update()
                .select_related("campaign")
                .filter(doctor_id=previous.call.doctor_id, campaign__year=today.year)
                .first()
            )
            # Renewed once: a plan the doctor stopped this year is not set up again.
            if call is None or DebitPlan.objects.filter(call=call).exists():
                continue
            try:
                _call_check(call)
            except ValidationError:
                continue
            _plan_create(
                call=call,
                mandate=previous.mandate,
                kind=previous.kind,
                day=previous.collection_day,
                renew=True,
            )
            renewed += 1
    return renewed
