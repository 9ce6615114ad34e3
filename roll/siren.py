"""The SIREN: the 9-digit number INSEE gives every company, its last digit a Luhn key."""

from django.core.exceptions import ValidationError

from roll.rpps import luhn_checksum_ok

SIREN_LENGTH = 9


def normalize_siren(value: str) -> str:
    """Drop the spaces people type between the three groups of digits (« 123 456 789 »)."""
    return "".join(ch for ch in str(value) if ch not in " .\u00a0\u202f-")


def validate_siren(value: str) -> None:
    if len(value) != SIREN_LENGTH or not value.isdigit() or not value.isascii():
        raise ValidationError(
            "Le numéro SIREN comporte exactement 9 chiffres.", code="siren_format"
        )
    if not luhn_checksum_ok(value):
        raise ValidationError(
            "Ce numéro SIREN n’est pas valide\u00a0: vérifiez les chiffres saisis "
            "(clé de contrôle incorrecte).",
            code="siren_checksum",
        )
