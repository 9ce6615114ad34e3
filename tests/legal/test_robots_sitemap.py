"""robots.txt and sitemap.xml, with absolute URLs on SITE_URL."""

import pytest
from django.urls import NoReverseMatch, reverse

from councils.models import Council, CouncilLevel
from guides.models import Sheet, SheetStatus
from legal.selectors import LEGAL_GUIDE

pytestmark = pytest.mark.django_db


def test_robots_disallows_private_areas_and_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://portail.ordre.test"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for path in ("/espace/", "/admin/", "/compte/", "/api/"):
        assert f"Disallow: {path}\n" in body
    assert "Sitemap: https://portail.ordre.test/sitemap.xml" in body


def test_sitemap_names_public_pages_on_site_url(client, settings, shipped_guides):
    settings.SITE_URL = "https://portail.ordre.test"
    Council.objects.update_or_create(
        code="69", defaults={"level": CouncilLevel.DEPARTMENTAL, "name": "Conseil du Rhône"}
    )
    response = client.get("/sitemap.xml", HTTP_HOST="testserver")
    assert response.status_code == 200
    body = response.content.decode()
    base = "https://portail.ordre.test"
    for name in (
        "home",
        "hub_medecins",
        "hub_patients",
        "hub_etudiants",
        "guides:index",
        "guides:assistant",
        "directory_search",
        "legal:mentions",
        "legal:personal_data",
        "legal:accessibility",
        "legal:cookies",
        "legal:site_map",
    ):
        assert f"<loc>{base}{reverse(name)}</loc>" in body
    for sheet in Sheet.objects.filter(status=SheetStatus.PUBLISHED, guide__listed=True):
        assert f"<loc>{base}/guides/{sheet.guide.slug}/{sheet.slug}/</loc>" in body
    assert f"/guides/{LEGAL_GUIDE}/" not in body
    assert "testserver" not in body
    try:
        council_url = reverse("councils:detail", args=["69"])
    except NoReverseMatch:
        council_url = None
    if council_url:
        assert f"<loc>{base}{council_url}</loc>" in body


def test_sitemap_leaves_drafts_out(client, shipped_guides):
    sheet = Sheet.objects.filter(guide__listed=True, status=SheetStatus.PUBLISHED).first()
    Sheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.DRAFT, published_at=None)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/guides/{sheet.guide.slug}/{sheet.slug}/</loc>" not in body
