"""Reads on the councils, shared by pages, routing of requests and emails."""

import unicodedata
from dataclasses import dataclass

from councils.models import Council, CouncilLevel
from roll.data.geography import DEPARTMENTS_BY_CODE


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


def council_get(*, code: str) -> Council | None:
    return (
        Council.objects.select_related("region").filter(code=(code or "").strip().upper()).first()
    )


@dataclass(frozen=True)
class RegionGroup:
    region: Council | None  # None: départements that belong to no regional council
    councils: list[Council]
    overseas: bool


def _department_matches(council: Council, query: str) -> bool:
    """A département code ("1", "01", "2a", "974") or the start of a word of its name, of its
    prefecture or of the council's town ("rhone", "saint-etienne", "cote d'or")."""
    code_query = query.upper().zfill(2)
    wanted = " " + _fold(query)
    places = [council.city]
    for code in council.departments or [council.code]:
        if code.upper() == code_query:
            return True
        department = DEPARTMENTS_BY_CODE.get(code)
        if department:
            places += [department.name, department.prefecture]
    return any(wanted in " " + _fold(place) for place in places)


def _fold(text: str) -> str:
    """Lower case without accents, hyphens or apostrophes: "cote d'or" finds "Côte-d’Or"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    for separator in ("-", "'", "’"):
        kept = kept.replace(separator, " ")
    return " ".join(kept.split())


def council_groups(*, query: str = "") -> list[RegionGroup]:
    """Departmental councils grouped by regional council, metropolitan regions first.

    `query` keeps the councils whose département code or name (or seat) matches it.
    """
    query = query.strip()
    councils = list(
        Council.objects.filter(level=CouncilLevel.DEPARTMENTAL).select_related("region")
    )
    if query:
        councils = [c for c in councils if _department_matches(c, query)]
    regions = {c.pk: c for c in Council.objects.filter(level=CouncilLevel.REGIONAL)}
    by_region: dict[int | None, list[Council]] = {}
    for council in councils:
        by_region.setdefault(council.region_id, []).append(council)
    groups = []
    for region_id, members in by_region.items():
        region = regions.get(region_id) if region_id is not None else None
        members.sort(key=lambda c: department_sort_key(c.code))
        overseas = all(c.code.startswith("97") for c in members)
        groups.append(RegionGroup(region=region, councils=members, overseas=overseas))
    groups.sort(key=lambda g: (g.overseas, g.region is None, g.region.name if g.region else ""))
    return groups


def department_sort_key(code: str) -> tuple[int, str]:
    """01 … 19, 2A, 2B, 21 … 95, 971 … 976, the order of the roll's lists."""
    if code in ("2A", "2B"):
        return (20, code)
    return (int(code) if code.isdigit() else 999, code)


def council_departments(*, council: Council) -> list[tuple[str, str]]:
    """(code, name) of the départements a council covers."""
    codes = council.departments or []
    return [
        (code, DEPARTMENTS_BY_CODE[code].name if code in DEPARTMENTS_BY_CODE else code)
        for code in sorted(codes, key=department_sort_key)
    ]
