"""Money in French (cents to "340,00 €") and the doctor-space section of the dues."""

from typing import Any

from django import template

from cotisations import selectors
from portal.money import euros as _euros

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    return _euros(cents or 0)


@register.inclusion_tag("cotisations/_space_panel.html", takes_context=True)
def dues_section(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {"call": selectors.dues_call_current(user=request.user)}
