"""The vault's summary for the doctor space page."""

from typing import Any

from django import template

from vault.http import vault_request_allowed
from vault.selectors import vault_totals

register = template.Library()


@register.simple_tag(takes_context=True)
def vault_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"mfa_enabled": False}
    totals = vault_totals(owner=user)
    # The doctor space's view has already asked whether the vault opens for this session.
    vault_open = context.get("vault_open")
    return {
        # Named for the template's prompt: the second factor, or a Pro Santé Connect session.
        "mfa_enabled": vault_request_allowed(context["request"])
        if vault_open is None
        else vault_open,
        "count": totals.kept,
        "usage": totals.usage,
    }
