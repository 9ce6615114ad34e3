"""The direct-debit panel of the dues page and the mandate's text, as template tags."""

from typing import Any

from django import template
from django.conf import settings
from django.template import Context

from cotisations.models import CallStatus, DuesCall
from debits import selectors
from debits.documents import creditor_context
from debits.models import MandateType, PlanKind, PlanStatus
from debits.services.mandates import MANDATE_TEXT_VERSION

register = template.Library()


@register.inclusion_tag("debits/_space_panel.html", takes_context=True)
def debit_panel(context: Context, call: DuesCall | None) -> dict[str, Any]:
    """The dues page's direct-debit panel: one query (the call's plan). The page's own
    instalment list says whether the year is on card instalments."""
    enabled = call is not None and settings.DIRECT_DEBIT_PROVIDER == "sepa_file"
    if not enabled or call is None:
        return {"enabled": False}
    plan = selectors.plan_for_call(call=call)
    can_set_up = (
        call.status in (CallStatus.OPEN, CallStatus.PARTIALLY_PAID)
        and call.balance_cents > 0
        and (plan is None or plan.status != PlanStatus.ACTIVE)
        and not context.get("instalments")
    )
    return {"enabled": True, "call": call, "plan": plan, "can_set_up": can_set_up}


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
