"""Amounts of money: integer cents everywhere, written the French way in one place.

`euros(34550)` → "345,50 €" for pages, emails, PDFs and the admin (narrow no-break space
between thousands, no-break space before the sign); `decimal_comma(34550)` → "345,50" for CSV
exports that French spreadsheets and accounting tools read.
"""


def decimal_comma(cents: int) -> str:
    """345,50 (1234,56; -1,50): the amount with a decimal comma, no grouping, no sign."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole},{rest:02d}"


def euros(cents: int) -> str:
    """345,50 € (1 234,56 €; -1,50 €): how amounts read in French messages."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return sign + f"{whole:,}".replace(",", "\u202f") + f",{rest:02d}\u00a0€"
