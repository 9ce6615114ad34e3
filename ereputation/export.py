"""The kept analyses in a doctor's data export (G3 plugs this in)."""

from typing import Any

from accounts.models import User
from ereputation.selectors import kept_analysis_list
from ereputation.services import kept_analysis_read


def analyses_for_export(user: User) -> list[dict[str, Any]]:
    """Each kept analysis, decrypted: the review as the doctor pasted it and what was found."""
    return [
        {"id": str(row.pk), "created_at": row.created_at.isoformat()}
        | kept_analysis_read(analysis=row).as_json()
        for row in kept_analysis_list(owner=user).order_by("created_at", "pk")
    ]
