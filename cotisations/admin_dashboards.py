"""Staff dashboard of the dues' collection, per departmental council: figures and SVG charts.

Filterable by campaign year and council (`?annee=2027&conseil=69`). The admin does not scope
staff by council: every staff member who may view the calls sees every council, and picks one.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cotisations import dashboards
from cotisations.charts import Bar, bar_chart
from cotisations.models import Campaign, PaymentMethod
from portal.admin_site import staff_user
from portal.money import euros
from roll.data.geography import DEPARTMENTS_BY_CODE


class DashboardFilterForm(forms.Form):
    annee = forms.TypedChoiceField(label="Campagne", coerce=int)
    conseil = forms.ChoiceField(label="Conseil départemental", required=False)

    def __init__(self, data: object, *, years: list[int], councils: list[tuple[str, str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        fields = [self.fields["annee"], self.fields["conseil"]]
        choices: list[list[tuple[object, str]]] = [
            [(year, str(year)) for year in years],
            [("", "Tous les conseils"), *councils],
        ]
        messages = ["Choisissez une campagne de la liste.", "Choisissez un conseil de la liste."]
        for field, field_choices, message in zip(fields, choices, messages, strict=True):
            assert isinstance(field, forms.ChoiceField)
            field.choices = field_choices
            field.error_messages["invalid_choice"] = message


def percent(permille: int) -> str:
    return f"{permille // 10},{permille % 10}\u00a0%"


def short_name(code: str) -> str:
    known = DEPARTMENTS_BY_CODE.get(code)
    return f"{code} – {known.name}" if known else code


def dashboard_view(request: HttpRequest, each_context: dict[str, object]) -> HttpResponse:
    if not staff_user(request).has_perm("cotisations.view_duescall"):
        raise PermissionDenied
    years = list(Campaign.objects.order_by("-year").values_list("year", flat=True))
    councils = dashboards.departmental_councils()
    choices = [(code, short_name(code)) for code, _name, _depts in councils]
    data = request.GET if request.GET else None
    form = DashboardFilterForm(data, years=years, councils=choices)
    year = years[0] if years else None
    council = ""
    if data is not None:
        # A bad choice is named on its field; the page still shows what is valid (or the latest
        # campaign, all councils).
        form.is_valid()
        year = form.cleaned_data.get("annee", year)
        council = form.cleaned_data.get("conseil", "")
    context: dict[str, object] = {
        **each_context,
        "title": "Tableau de bord du recouvrement des cotisations",
        "form": form,
        "year": year,
    }
    if year is not None:
        board = dashboards.collection_dashboard(year=year, council=council, councils=councils)
        context.update(_charts(board))
        context["board"] = board
        context["rows"] = [_row(figures) for figures in board.councils]
        context["total"] = _row(board.total)
    return TemplateResponse(request, "cotisations/admin/dashboard.html", context)


def _row(figures: dashboards.CouncilFigures) -> dict[str, object]:
    return {
        "code": figures.code,
        "name": short_name(figures.code) if figures.code else figures.name,
        "calls": figures.calls,
        "paid_calls": figures.paid_calls,
        "expected": euros(figures.expected_cents),
        "collected": euros(figures.collected_cents),
        "rate": percent(figures.rate_permille),
        "returned": f"{figures.returned_count} ({euros(figures.returned_cents)})",
        "disputed": f"{figures.disputed_count} ({euros(figures.disputed_cents)})",
        "exempt": f"{figures.exempt_calls} ({euros(figures.exempt_cents)})",
    }


def _charts(board: dashboards.CollectionDashboard) -> dict[str, object]:
    total = board.total
    labels = dict(PaymentMethod.choices)
    methods = dashboards.METHODS + [m for m in total.by_method if m not in dashboards.METHODS]
    by_method = [
        Bar(str(labels.get(m, m)), total.by_method.get(m, 0), euros(total.by_method.get(m, 0)))
        for m in methods
    ]
    rates = [
        Bar(
            short_name(f.code),
            f.rate_permille,
            # The amounts are in the table below: a rate fits beside the longest bar.
            percent(f.rate_permille),
            "warn" if f.rate_permille < 500 else "main",
        )
        for f in board.councils
    ]
    overview = [
        Bar("Attendu", total.expected_cents, euros(total.expected_cents), "muted"),
        Bar("Encaissé", total.collected_cents, euros(total.collected_cents)),
        Bar("Prélèvements rejetés", total.returned_cents, euros(total.returned_cents), "warn"),
        Bar("Paiements contestés", total.disputed_cents, euros(total.disputed_cents), "warn"),
        Bar("Exonérations", total.exempt_cents, euros(total.exempt_cents), "muted"),
    ]
    categories = [
        Bar(
            c.label,
            c.calls,
            f"{c.calls} appel{'s' if c.calls > 1 else ''}, {euros(c.amount_cents)}",
        )
        for c in board.categories
    ]
    year = board.year
    return {
        "overview_chart": bar_chart(
            chart_id="chart-overview",
            title=f"Cotisation {year} : attendu, encaissé, rejets et exonérations",
            description=(
                f"Attendu {euros(total.expected_cents)}, encaissé {euros(total.collected_cents)}, "
                f"prélèvements rejetés {euros(total.returned_cents)}, paiements contestés "
                f"{euros(total.disputed_cents)}, exonérations {euros(total.exempt_cents)}."
            ),
            bars=overview,
        ),
        "method_chart": bar_chart(
            chart_id="chart-methods",
            title=f"Cotisation {year} : encaissé par moyen de paiement",
            description="; ".join(f"{bar.label} {bar.text}" for bar in by_method) + ".",
            bars=by_method,
        ),
        "rate_chart": bar_chart(
            chart_id="chart-rates",
            title=f"Cotisation {year} : taux de recouvrement par conseil départemental",
            description="Part du montant attendu déjà encaissée, conseil par conseil ; "
            "le tableau qui suit donne les mêmes chiffres.",
            bars=rates,
            scale=1000,
        ),
        "category_chart": bar_chart(
            chart_id="chart-categories",
            title=f"Cotisation {year} : appels par catégorie",
            description="; ".join(f"{bar.label} {bar.text}" for bar in categories) + ".",
            bars=categories,
        ),
        "by_method": by_method,
        "overview": overview,
        "categories": categories,
    }
