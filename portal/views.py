from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal.models import Audience
from portal.selectors import audience_entry_get, audience_entry_list, hub_content_get


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"entries": audience_entry_list()})


def hub(request: HttpRequest, audience: str) -> HttpResponse:
    entry = audience_entry_get(audience=audience)
    if entry is None:
        raise Http404("Rubrique inconnue")
    return render(
        request,
        "portal/hub.html",
        {
            "entry": entry,
            "content": hub_content_get(audience=audience),
            "is_doctors_hub": audience == Audience.DOCTORS,
        },
    )
