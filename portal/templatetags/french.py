"""French in templates: plurals, dates, times and sizes as the portal writes them.

`pluralize_fr`: 0 and 1 take the singular ("0 document", "1 document"); Django's own
`pluralize` follows English, where 0 is plural ("0 documents").
`date_fr`, `time_fr`, `datetime_fr`, `size_fr`: see portal.french_format (and docs/french.md);
they replace `|date:"…"`, `|time:"…"` and `|filesizeformat`.
"""

import datetime
from collections.abc import Sized

from django import template

from portal.french_format import (
    french_date,
    french_datetime,
    french_size,
    french_time,
    plural_fr,
    typographic_apostrophes,
)

register = template.Library()


def _count(value: object) -> float | None:
    if isinstance(value, Sized) and not isinstance(value, str):
        return len(value)
    try:
        return float(str(value))
    except ValueError:
        return None


@register.filter(is_safe=False)
def pluralize_fr(value: object, suffixes: str = "s") -> str:
    """`document{{ n|pluralize_fr }}`, `départementa{{ n|pluralize_fr:"l,ux" }}`.

    With one suffix, it is added from 2 on; with "singular,plural", the right one is given.
    A value that is not a number nor has a length gives "", as Django's filter does.
    """
    if "," in suffixes:
        singular, _, plural = suffixes.partition(",")
        if "," in plural:
            return ""
    else:
        singular, plural = "", suffixes
    count = _count(value)
    if count is None:
        return ""
    return plural_fr(int(count), plural, singular)


@register.filter(is_safe=True)
def date_fr(value: datetime.date | None) -> str:
    """ "1er avril 2027", "2 décembre 2026"; "" for no date (so `|default:"—"` works)."""
    return french_date(value) if value else ""


@register.filter(is_safe=True)
def time_fr(value: datetime.datetime | datetime.time | None) -> str:
    """ "15 h 01" in Europe/Paris."""
    return french_time(value) if value else ""


@register.filter(is_safe=True)
def datetime_fr(value: datetime.datetime | None) -> str:
    """ "2 décembre 2026 à 15 h 01" in Europe/Paris."""
    return french_datetime(value) if value else ""


@register.filter(is_safe=True)
def size_fr(value: int | None) -> str:
    """ "12,5 Mo" (binary units, decimal comma, non-breaking space)."""
    if value is None or value == "":
        return ""
    return french_size(int(value))


@register.filter(is_safe=False)
def apostrophes(value: object) -> str:
    """Data shown as the portal writes: `{{ doctor.specialty|apostrophes }}` gives "d’urgence"."""
    return typographic_apostrophes(str(value)) if value not in (None, "") else ""
