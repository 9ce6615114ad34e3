"""The direct-debit panel of the dues page and the mandate's text, as template tags."""

from typing import Any

from django import template
from django.conf import settings

from cotisations.models import CallStatus, DuesCall, InstalmentPlan
from debits import selectors
from debits.documents import creditor_context
from debits.models import MandateType, PlanKind, PlanStatus
from debits.services.mandates import MANDATE_TEXT_VERSION

register = template.Library()


@register.inclusion_tag("debits/_space_panel.html")
def debit_panel(call: DuesCall | None) -> dict[str, Any]:
    enabled = call is not None and settings.DIRECT_DEBIT_PROVIDER == "sepa_file"
    plan = selectors.plan_for_call(call=call) if enabled and call is not None else None
    can_set_up = (
        enabled
        and call is not None
        and call.status in (CallStatus.OPEN, CallStatus.PARTIALLY_PAID)
        and call.balance_cents > 0
        and (plan is None or plan.status != PlanStatus.ACTIVE)
        and not InstalmentPlan.objects.filter(call=call).exists()
    )
    return {"enabled": enabled, "call": call, "plan": plan, "can_set_up": can_set_up}


@register.inclusion_tag("debits/_mandate_text.html")
def mandate_text(*, kind: str, renew: bool) -> dict[str, Any]:
    recurrent = renew or kind != PlanKind.FULL
    label = MandateType.RECURRENT.label if recurrent else MandateType.ONE_OFF.label
    return {
        **creditor_context(),
        "mandate_text_version": MANDATE_TEXT_VERSION,
        "mandate_type_label": label,
    }


@register.filter
def iban_mask(iban: str) -> str:
    return f"{iban[:4]} •••• •••• {iban[-4:]}"
