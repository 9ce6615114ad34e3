"""The legal pages, the site map and robots.txt: thin views over selectors and declarations."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from guides import selectors as guide_selectors
from guides.rendering import render_markdown
from legal.cookies import cookie_list
from legal.processing import processing_list
from legal.selectors import LegalSheet, legal_page_get

CNIL_COMPLAINT_URL = "https://www.cnil.fr/fr/plaintes"


def _page(request: HttpRequest, template: str, slug: str, **extra: Any) -> HttpResponse:
    page = legal_page_get(slug=slug)
    context = {"page": page, "rendered": render_markdown(page.body_markdown), **extra}
    return render(request, template, context)


@require_GET
def mentions(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "legal/mentions.html",
        LegalSheet.MENTIONS,
        publisher={
            "name": settings.SITE_PUBLISHER_NAME,
            "address": settings.SITE_PUBLISHER_ADDRESS,
            "phone": settings.SITE_PUBLISHER_PHONE,
            "email": settings.SITE_PUBLISHER_EMAIL,
            "director": settings.SITE_PUBLICATION_DIRECTOR,
        },
        host={
            "name": settings.SITE_HOST_NAME,
            "address": settings.SITE_HOST_ADDRESS,
            "phone": settings.SITE_HOST_PHONE,
        },
    )


@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "legal/personal_data.html",
        LegalSheet.PERSONAL_DATA,
        processings=processing_list(),
        dpo={"email": settings.SITE_DPO_EMAIL, "address": settings.SITE_DPO_ADDRESS},
        cnil_url=CNIL_COMPLAINT_URL,
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "legal/accessibility.html", LegalSheet.ACCESSIBILITY)


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return _page(request, "legal/cookies.html", LegalSheet.COOKIES, cookies=cookie_list())


@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/site_map.html", {"guides": guide_selectors.guide_list_public()})


# Private areas and machine endpoints: nothing there for a search engine.
ROBOTS_DISALLOW = ("/espace/", "/admin/", "/compte/", "/api/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('legal:sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
