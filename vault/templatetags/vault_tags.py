"""The vault's summary for the doctor space page."""

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django import template

from vault.selectors import document_list, vault_usage

register = template.Library()


@register.simple_tag(takes_context=True)
def vault_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"mfa_enabled": False}
    return {
        "mfa_enabled": is_mfa_enabled(user),
        "count": document_list(owner=user).count(),
        "usage": vault_usage(owner=user),
    }
