"""Model rows as JSON values for the export: dates in ISO 8601, amounts as strings."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TypeError("binary values are never exported")
    return value


def row(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """`fields` of `obj`; a field with choices also gets `<name>_label` (its French label)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, getattr(field, "attname", name))
        out[name] = json_value(value)
        if getattr(field, "choices", None):
            out[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")()) if value else ""
    return out


def cents(amount: int | None) -> str | None:
    """Cents as euros with two decimals ("340.00"), as the accounting CSV writes them."""
    if amount is None:
        return None
    return str(decimal.Decimal(amount).scaleb(-2).quantize(decimal.Decimal("0.01")))
