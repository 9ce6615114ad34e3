"""Dates, times and sizes as the portal writes them in French, in one place.

Dates: "1er avril 2027", "2 décembre 2026" (ordinal for the first of a month, no leading zero).
Times: "15 h 01", with non-breaking spaces, in the portal's time zone (Europe/Paris).
Sizes: binary units, as Windows' file explorer counts them and as the limits are set
(1 ko = 1 024 octets, 1 Mo = 1 024 ko, 1 Go = 1 024 Mo), with a decimal comma and a
non-breaking space: "12,5 Mo", "1 Go", "512 octets".

The template filters in portal.templatetags.french wrap these functions; emails, PDFs and
services call them directly. See docs/french.md.
"""

import datetime
import re

from django.utils import timezone

NBSP = "\u00a0"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
SIZE_UNITS = ("ko", "Mo", "Go", "To")
_STRAIGHT_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def typographic_apostrophes(text: str) -> str:
    """ "Médecine d'urgence" → "Médecine d’urgence", for data kept as the roll spells it."""
    return _STRAIGHT_BETWEEN_LETTERS.sub("’", text)


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in the current time zone (Europe/Paris); a naive one is taken as is."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def french_date(value: datetime.date) -> str:
    """ "1er avril 2027", "2 décembre 2026"; a datetime is first put in Europe/Paris."""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_time(value: datetime.datetime | datetime.time) -> str:
    """ "15 h 01", "9 h 05" (non-breaking spaces), in Europe/Paris for an aware datetime."""
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def french_datetime(value: datetime.datetime) -> str:
    """ "2 décembre 2026 à 15 h 01", in Europe/Paris."""
    local = _local(value)
    return f"{french_date(local)} à {french_time(local)}"


def plural_fr(count: int, plural: str = "s", singular: str = "") -> str:
    """The ending for `count`: 0 and 1 take the singular, as in French (« 0 document »)."""
    return plural if abs(count) >= 2 else singular


def french_count(count: int, singular: str, plural: str | None = None) -> str:
    """ "0 demande", "1 demande", "3 demandes"; `plural` for irregular words ("journaux")."""
    word = singular if abs(count) < 2 else (plural or f"{singular}s")
    return f"{count} {word}"


def _decimal(number: float) -> str:
    text = f"{number:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def french_size(size: int | float) -> str:
    """ "512 octets", "1 octet", "12,5 Mo", "1 Go": binary units, one decimal at most."""
    size = max(int(size), 0)
    if size < 1024:
        return f"{size}{NBSP}octet{'s' if size >= 2 else ''}"
    value = float(size)
    unit = SIZE_UNITS[0]
    for unit in SIZE_UNITS:
        value /= 1024
        # Round first, so that 1 023,96 ko is written "1 Mo", not "1 024 ko".
        if round(value, 1) < 1024 or unit == SIZE_UNITS[-1]:
            break
    return f"{_decimal(value)}{NBSP}{unit}"
