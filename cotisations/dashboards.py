"""Collection figures per departmental council for the staff dashboard, in a fixed number of
aggregate queries (the calls, the payments, the categories), never one per council.

Expected: the amounts called, less exempt and cancelled calls. Collected: what the calls
count as paid (succeeded payments only). Failed debits are RETURNED payments (a direct debit
that came back); disputed payments are shown beside them. Exemptions are EXEMPT calls; the
calls by category show the reduced rates (retired, first registration at half rate...).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from cotisations.models import CallStatus, Category, DuesCall, Payment, PaymentMethod, PaymentStatus
from councils.models import Council, CouncilLevel
from councils.selectors import department_sort_key
from roll.data.geography import DEPARTMENTS_BY_CODE

NOT_DUE = (CallStatus.EXEMPT, CallStatus.CANCELLED)
# The methods staff follow, in the order they read them; a method added later still shows.
METHODS = [
    PaymentMethod.CARD,
    PaymentMethod.INSTALMENT,
    PaymentMethod.CHEQUE,
    PaymentMethod.TRANSFER,
    PaymentMethod.SEPA_DEBIT,
]


@dataclass
class CouncilFigures:
    code: str
    name: str
    calls: int = 0
    paid_calls: int = 0
    expected_cents: int = 0
    collected_cents: int = 0
    exempt_calls: int = 0
    exempt_cents: int = 0
    returned_count: int = 0
    returned_cents: int = 0
    disputed_count: int = 0
    disputed_cents: int = 0
    by_method: dict[str, int] = field(default_factory=dict)

    @property
    def rate_permille(self) -> int:
        return self.collected_cents * 1000 // self.expected_cents if self.expected_cents else 0

    def add(self, other: "CouncilFigures") -> None:
        for name in (
            "calls",
            "paid_calls",
            "expected_cents",
            "collected_cents",
            "exempt_calls",
            "exempt_cents",
            "returned_count",
            "returned_cents",
            "disputed_count",
            "disputed_cents",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for method, cents in other.by_method.items():
            self.by_method[method] = self.by_method.get(method, 0) + cents


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    label: str
    calls: int
    amount_cents: int


@dataclass
class CollectionDashboard:
    year: int
    councils: list[CouncilFigures]
    total: CouncilFigures
    categories: list[CategoryFigures]


def departmental_councils() -> list[tuple[str, str, list[str]]]:
    """(code, name, départements covered) of every departmental council, in the roll's order."""
    rows = Council.objects.filter(level=CouncilLevel.DEPARTMENTAL).values_list(
        "code", "name", "departments"
    )
    councils = [(code, name, list(departments or [code])) for code, name, departments in rows]
    return sorted(councils, key=lambda row: department_sort_key(row[0]))


def collection_dashboard(
    *, year: int, council: str = "", councils: list[tuple[str, str, list[str]]] | None = None
) -> CollectionDashboard:
    """The year's figures per council (only `council`'s when given: its code)."""
    councils = departmental_councils() if councils is None else councils
    council_of = {dept: code for code, _name, depts in councils for dept in depts}
    names = {code: name for code, name, _depts in councils}
    calls = DuesCall.objects.filter(campaign__year=year)
    payments = Payment.objects.filter(call__campaign__year=year)
    if council:
        departments = [d for d, code in council_of.items() if code == council] or [council]
        calls = calls.filter(department__in=departments)
        payments = payments.filter(call__department__in=departments)
    figures: dict[str, CouncilFigures] = {}

    def of(department: str) -> CouncilFigures:
        code = council_of.get(department, department)
        if code not in figures:
            known = DEPARTMENTS_BY_CODE.get(code)
            fallback = f"Département {code} – {known.name}" if known else f"Département {code}"
            figures[code] = CouncilFigures(code=code, name=names.get(code, fallback))
        return figures[code]

    call_rows = (
        calls.order_by()
        .values("department")
        .annotate(
            n=Count("pk"),
            paid=Count("pk", filter=Q(status=CallStatus.PAID)),
            expected=Sum("amount_cents", filter=~Q(status__in=NOT_DUE)),
            collected=Sum("paid_cents", filter=~Q(status__in=NOT_DUE)),
            exempt=Count("pk", filter=Q(status=CallStatus.EXEMPT)),
            exempt_cents=Sum("amount_cents", filter=Q(status=CallStatus.EXEMPT)),
        )
    )
    for call_row in call_rows:
        target = of(call_row["department"])
        target.add(
            CouncilFigures(
                code=target.code,
                name=target.name,
                calls=call_row["n"],
                paid_calls=call_row["paid"],
                expected_cents=call_row["expected"] or 0,
                collected_cents=call_row["collected"] or 0,
                exempt_calls=call_row["exempt"],
                exempt_cents=call_row["exempt_cents"] or 0,
            )
        )
    payment_rows = (
        payments.filter(
            status__in=(PaymentStatus.SUCCEEDED, PaymentStatus.RETURNED, PaymentStatus.DISPUTED)
        )
        .order_by()
        .values("call__department", "method", "status")
        .annotate(n=Count("pk"), cents=Sum("amount_cents"))
    )
    for row in payment_rows:
        target = of(row["call__department"])
        cents = row["cents"] or 0
        if row["status"] == PaymentStatus.SUCCEEDED:
            target.by_method[row["method"]] = target.by_method.get(row["method"], 0) + cents
        elif row["status"] == PaymentStatus.RETURNED:
            target.returned_count += row["n"]
            target.returned_cents += cents
        else:
            target.disputed_count += row["n"]
            target.disputed_cents += cents
    labels = dict(Category.choices)
    categories = [
        CategoryFigures(
            category=row["category"],
            label=str(labels.get(row["category"], row["category"])),
            calls=row["n"],
            amount_cents=row["cents"] or 0,
        )
        for row in calls.order_by()
        .values("category")
        .annotate(n=Count("pk"), cents=Sum("amount_cents"))
    ]
    categories.sort(key=lambda c: -c.calls)
    ordered = sorted(figures.values(), key=lambda f: department_sort_key(f.code))
    total = CouncilFigures(code="", name="Total")
    for council_figures in ordered:
        total.add(council_figures)
    return CollectionDashboard(year=year, councils=ordered, total=total, categories=categories)
