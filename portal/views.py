from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static

from portal.models import Audience
from portal.page_cache import public_page
from portal.selectors import audience_entry_get, audience_entry_list, hub_content_get


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"entries": audience_entry_list()})


@public_page
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


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon">: point them at the
    SVG (resolved per request, so the hashed name of the manifest storage is used)."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
