"""/sitemap.xml: the public pages, with absolute URLs on settings.SITE_URL.

The sites framework is not installed: every sitemap takes its protocol and domain from
SITE_URL rather than from the request, so the file names the canonical address whatever
host a crawler used.
"""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from councils.models import Council
from guides import selectors as guide_selectors
from guides.models import Guide, Sheet
from legal.selectors import url_or_empty


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class StaticPagesSitemap(SiteUrlSitemap):
    """Pages with a fixed address: home, hubs, indexes, legal pages."""

    names = (
        "home",
        "hub_medecins",
        "hub_patients",
        "hub_etudiants",
        "guides:index",
        "guides:assistant",
        "directory_search",
        "councils:list",
        "contact:form",
        "legal:mentions",
        "legal:personal_data",
        "legal:accessibility",
        "legal:cookies",
        "legal:site_map",
    )

    def items(self) -> list[str]:
        # A page whose app is not installed yet (no URL) is left out rather than broken.
        return [name for name in self.names if url_or_empty(name)]

    def location(self, item: str) -> str:
        return reverse(item)


class GuideSitemap(SiteUrlSitemap):
    def items(self) -> list[Guide]:
        return guide_selectors.guide_list_public()

    def location(self, item: Guide) -> str:
        return reverse("guides:guide", kwargs={"guide": item.slug})

    def lastmod(self, item: Guide) -> datetime.datetime:
        return max([item.updated_at, *(s.updated_at for s in item.public_sheets)])  # type: ignore[attr-defined]


class SheetSitemap(SiteUrlSitemap):
    def items(self) -> list[Sheet]:
        return [
            sheet
            for guide in guide_selectors.guide_list_public()
            for sheet in guide.public_sheets  # type: ignore[attr-defined]
        ]

    def location(self, item: Sheet) -> str:
        return reverse("guides:sheet", kwargs={"guide": item.guide.slug, "sheet": item.slug})

    def lastmod(self, item: Sheet) -> datetime.datetime:
        return item.updated_at


class CouncilSitemap(SiteUrlSitemap):
    def items(self) -> list[Council]:
        if not url_or_empty("councils:detail", "CNOM"):
            return []
        return list(Council.objects.order_by("level", "code"))

    def location(self, item: Council) -> str:
        return reverse("councils:detail", args=[item.code])

    def lastmod(self, item: Council) -> datetime.datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticPagesSitemap,
    "guides": GuideSitemap,
    "fiches": SheetSitemap,
    "conseils": CouncilSitemap,
}
