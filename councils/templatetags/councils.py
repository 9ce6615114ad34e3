"""`{% council_url department %}`: the page of the council of a département, or the list."""

from django import template
from django.urls import reverse

from councils.models import Council, CouncilLevel
from councils.selectors import council_departments
from roll.data.geography import DEPARTMENT_CODES

register = template.Library()


@register.simple_tag
def council_url(department: object = "") -> str:
    """Every département has a council (the seed migration guarantees it), so a known code
    goes straight to its page without a query; anything else lands on the searchable list."""
    code = str(department or "").strip().upper()
    if code in DEPARTMENT_CODES:
        return reverse("councils:detail", args=[code])
    return reverse("councils:list")


@register.filter
def council_label(council: Council) -> str:
    """ "69 — Rhône" for a departmental council, its name for the others."""
    names = council_departments(council=council)
    if council.level != CouncilLevel.DEPARTMENTAL or not names:
        return council.name
    return ", ".join(f"{code} — {name}" for code, name in names)
