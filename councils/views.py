"""Public pages of the councils: where to write, call or go."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from councils.models import CouncilLevel
from councils.selectors import council_departments, council_get, council_groups, council_national


def council_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    groups = council_groups(query=query)
    # A code or name that designates one council only: its page is what the person wants.
    if query and len(groups) == 1 and len(groups[0].councils) == 1 and "liste" not in request.GET:
        return redirect("councils:detail", code=groups[0].councils[0].code)
    return render(
        request,
        "councils/list.html",
        {
            "groups": groups,
            "query": query,
            "national": council_national(),
            "found": sum(len(g.councils) for g in groups),
        },
    )


def council_detail(request: HttpRequest, code: str) -> HttpResponse:
    council = council_get(code=code)
    if council is None:
        raise Http404("Aucun conseil ne porte ce code.")
    if council.code != code:
        return redirect("councils:detail", code=council.code, permanent=True)
    departmental = council.level == CouncilLevel.DEPARTMENTAL
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "departments": council_departments(council=council),
            "departmental": departmental,
            "members": (
                council.departmental_councils.order_by("code")
                if council.level == CouncilLevel.REGIONAL
                else []
            ),
            "contact_department": council.code if departmental else "",
            "phone_uri": "".join(c for c in council.phone if c.isdigit() or c == "+"),
        },
    )
