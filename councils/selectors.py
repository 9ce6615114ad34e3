"""Reads on the councils, shared by pages, routing of requests and emails."""

from councils.models import Council, CouncilLevel


def council_for_department(*, department: str) -> Council | None:
    """The departmental council that covers `department` (a code such as "69" or "2A")."""
    code = (department or "").strip().upper()
    if not code:
        return None
    council = Council.objects.filter(level=CouncilLevel.DEPARTMENTAL, code=code).first()
    if council is not None:
        return council
    # A council may cover several départements (JSON list), looked up in Python: 101 rows.
    for candidate in Council.objects.filter(level=CouncilLevel.DEPARTMENTAL):
        if code in candidate.departments:
            return candidate
    return None


def council_national() -> Council | None:
    return Council.objects.filter(level=CouncilLevel.NATIONAL).first()
