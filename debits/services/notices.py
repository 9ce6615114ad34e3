"""Emails of a plan: the schedule (the 14-day pre-notification), a reminder before each
debit, the December notice of tacit renewal. Each is sent once (a dated field, claimed with
a conditional UPDATE before the send and given back if the send fails)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cotisations.documents import public_url
from cotisations.services.emails import recipient
from debits.models import (
    DebitPlan,
    DebitStatus,
    MandateStatus,
    MandateType,
    PlanStatus,
    ScheduledDebit,
)
from portal.emails import email_send
from portal.french_format import french_date
from portal.money import euros

REASON = (
    "Vous recevez ce message parce que vous réglez votre cotisation ordinale par prélèvement "
    "SEPA\u00a0: l’Ordre vous annonce chaque prélèvement."
)


def _claim(queryset: QuerySet[Any], field: str) -> bool:
    """Take the right to send (once): the first UPDATE that finds the field empty wins."""
    return bool(queryset.filter(**{f"{field}__isnull": True}).update(**{field: timezone.now()}))


def _release(queryset: QuerySet[Any], field: str) -> None:
    queryset.update(**{field: None})


def _plan_context(plan: DebitPlan) -> dict[str, Any]:
    call = plan.call
    mandate = plan.mandate
    return {
        "greeting_name": f"Docteur {call.doctor.last_name}",
        "year": call.campaign.year,
        "plan": plan,
        "mandate_reference": mandate.reference,
        "iban_masked": mandate.iban_masked,
        "creditor_name": settings.SEPA_CREDITOR_NAME,
        "creditor_id": settings.SEPA_CREDITOR_ID,
        "space_url": public_url(reverse("debits:plan", args=[plan.pk])),
    }


def _send(plan: DebitPlan, template: str, context: dict[str, Any], message_key: str) -> bool:
    to = recipient(plan.call)
    if not to:
        return False
    email_send(
        to=to,
        template=f"debits/email/{template}",
        reason=REASON,
        subject_prefix="",
        context=context,
        headers={"Message-ID": f"<{message_key}@ordre.test>"},
    )
    return True


def _plan(plan_id: int) -> DebitPlan:
    return DebitPlan.objects.select_related(
        "call__campaign", "call__doctor__account", "mandate"
    ).get(pk=plan_id)


def prenotification_send(*, plan_id: int) -> bool:
    """The schedule of the plan, with the RUM and the creditor's ICS: the pre-notification.
    Sent again after an account change (the new RUM): the claim is per sending."""
    plan = _plan(plan_id)
    debits = list(
        plan.debits.filter(status__in=(DebitStatus.SCHEDULED, DebitStatus.BATCHED)).order_by(
            "number"
        )
    )
    if plan.status != PlanStatus.ACTIVE or not debits:
        return False
    context = _plan_context(plan)
    context["schedule"] = [
        {"number": d.number, "date": french_date(d.due_on), "amount": euros(d.amount_cents)}
        for d in debits
    ]
    context["total"] = euros(sum(d.amount_cents for d in debits))
    sent = _send(plan, "prenotification", context, f"debit-schedule-{plan.pk}-{plan.mandate_id}")
    if sent:
        DebitPlan.objects.filter(pk=plan.pk).update(prenotified_at=timezone.now())
    return sent


def debit_reminders_due(*, today: date) -> list[int]:
    days = settings.SEPA_DEBIT_REMINDER_DAYS
    return list(
        ScheduledDebit.objects.filter(
            status=DebitStatus.SCHEDULED,
            plan__status=PlanStatus.ACTIVE,
            reminder_sent_at__isnull=True,
            due_on__gt=today,
            due_on__lte=today + timedelta(days=days),
        ).values_list("pk", flat=True)
    )


def debit_reminder_send(*, debit_id: int) -> bool:
    rows = ScheduledDebit.objects.filter(pk=debit_id, status=DebitStatus.SCHEDULED)
    if not _claim(rows, "reminder_sent_at"):
        return False
    debit = ScheduledDebit.objects.select_related("plan").get(pk=debit_id)
    plan = _plan(debit.plan_id)
    context = {
        **_plan_context(plan),
        "number": debit.number,
        "count": plan.debits.exclude(status=DebitStatus.CANCELLED).count(),
        "date": french_date(debit.due_on),
        "amount": euros(debit.amount_cents),
    }
    try:
        return _send(plan, "reminder", context, f"debit-reminder-{debit.pk}")
    except Exception:
        _release(rows, "reminder_sent_at")  # the task's retry sends it
        raise


def renewal_notices_due(*, today: date) -> list[int]:
    """In December, the plans of this year that will be renewed for the next one."""
    if today.month != 12:
        return []
    return list(
        DebitPlan.objects.filter(
            renew=True,
            status__in=(PlanStatus.ACTIVE, PlanStatus.COMPLETED),
            mandate__status=MandateStatus.ACTIVE,
            mandate__type=MandateType.RECURRENT,
            call__campaign__year=today.year,
            renewal_notice_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def renewal_notice_send(*, plan_id: int) -> bool:
    rows = DebitPlan.objects.filter(pk=plan_id, renew=True)
    if not _claim(rows, "renewal_notice_sent_at"):
        return False
    plan = _plan(plan_id)
    context = {**_plan_context(plan), "next_year": plan.call.campaign.year + 1}
    try:
        return _send(plan, "renewal", context, f"debit-renewal-{plan.pk}")
    except Exception:
        _release(rows, "renewal_notice_sent_at")
        raise
