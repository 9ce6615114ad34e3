"""The RPPS number: 11 digits whose last one is a Luhn check digit."""

from django.core.exceptions import ValidationError

RPPS_LENGTH = 11


def luhn_checksum_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to `payload`, makes a Luhn-valid number."""
    for candidate in "0123456789":
        if luhn_checksum_ok(payload + candidate):
            return candidate
    raise AssertionError("unreachable: one of ten digits always completes a Luhn sum")


def normalize_rpps(value: str) -> str:
    """Drop the spaces and dots people type between digit groups."""
    return "".join(ch for ch in str(value) if ch not in " .\u00a0-")


def validate_rpps(value: str) -> None:
    if len(value) != RPPS_LENGTH or not value.isdigit() or not value.isascii():
        raise ValidationError("Le numéro RPPS comporte exactement 11 chiffres.", code="rpps_format")
    if not luhn_checksum_ok(value):
        raise ValidationError(
            "Ce numéro RPPS n’est pas valide : vérifiez les chiffres saisis "
            "(clé de contrôle incorrecte).",
            code="rpps_checksum",
        )
