"""The vault's summary for the doctor space page."""

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django import template

from vault.selectors import vault_totals

register = template.Library()


@register.simple_tag(takes_context=True)
def vault_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"mfa_enabled": False}
    totals = vault_totals(owner=user)
    # The doctor space's view has already asked whether the second factor is on.
    mfa_enabled = context.get("mfa_enabled")
    return {
        "mfa_enabled": is_mfa_enabled(user) if mfa_enabled is None else mfa_enabled,
        "count": totals.kept,
        "usage": totals.usage,
    }
