"""French plurals in templates: 0 and 1 take the singular ("0 document", "1 document").

Django's own `pluralize` follows English, where 0 is plural ("0 documents").
"""

from collections.abc import Sized

from django import template

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
    return plural if abs(count) >= 2 else singular
