"""Reads of direct debits: the doctor's plans and mandates (owner-scoped), staff's lists."""

from django.db.models import Case, QuerySet, When

from accounts.models import User
from cotisations.models import DuesCall
from debits.models import DebitBatch, DebitPlan, DebitStatus, Mandate, PlanStatus, ScheduledDebit
from portal.access import owned_or_404


def plan_get(*, user: User, plan_id: int) -> DebitPlan:
    """One of the user's plans; a logged 404 for anyone else's."""
    plans = DebitPlan.objects.select_related("call__campaign", "mandate").filter(
        call__doctor_id=user.doctor_id or 0
    )
    return owned_or_404(plans, user_id=user.pk, pk=plan_id)


def mandate_get(*, user: User, mandate_id: int) -> Mandate:
    mandates = Mandate.objects.select_related("doctor").filter(doctor_id=user.doctor_id or 0)
    return owned_or_404(mandates, user_id=user.pk, pk=mandate_id)


def plan_for_call(*, call: DuesCall) -> DebitPlan | None:
    """The call's running plan, else its latest one (stopped or completed): one query."""
    running_first = Case(When(status=PlanStatus.ACTIVE, then=0), default=1)
    return (
        DebitPlan.objects.filter(call=call)
        .select_related("mandate")
        .order_by(running_first, "-created_at")
        .first()
    )


def debit_list(*, plan: DebitPlan) -> QuerySet[ScheduledDebit]:
    return plan.debits.select_related("debit_return").order_by("number")


def batch_debits(*, batch: DebitBatch) -> QuerySet[ScheduledDebit]:
    return batch.debits.select_related("mandate", "plan__call__doctor").order_by("pk")


def debits_in_flight(*, plan: DebitPlan) -> int:
    return plan.debits.filter(status=DebitStatus.BATCHED).count()
