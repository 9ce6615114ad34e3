"""Public pages: guides, sheets (HTML, PDF), drafts hidden, hub links."""

import pytest
from django.urls import reverse

from guides import services
from guides.models import Sheet, SheetStatus
from portal.models import HubBlock
from tests.factories import GuideFactory, SheetFactory

pytestmark = pytest.mark.django_db


def test_index_groups_guides_by_audience(client, loaded):
    response = client.get(reverse("guides:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="pour-les-medecins"' in html
    assert 'id="pour-les-patients"' in html
    # "Les avis en ligne" is for doctors and patients: listed under both.
    assert html.count("Les avis en ligne") >= 2
    assert reverse("guides:guide", args=["cabinet"]) in html


def test_guide_page_lists_its_published_sheets(client, loaded):
    draft = SheetFactory(guide=loaded["cabinet/messagerie"].guide, title="Brouillon caché")
    response = client.get(reverse("guides:guide", args=["cabinet"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "La messagerie sécurisée" in html
    assert "Téléphones et tablettes" in html
    assert draft.title not in html


def test_sheet_page_renders_body_toc_key_points_and_references(client, loaded):
    response = client.get(reverse("guides:sheet", args=["cabinet", "messagerie"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>La messagerie sécurisée</h1>" in html
    assert 'href="#le-courriel-ordinaire"' in html
    assert 'id="le-courriel-ordinaire"' in html
    assert "Utilisez une messagerie sécurisée de santé." in html
    assert "Code de la santé publique, article L. 1110-4" in html
    assert reverse("guides:sheet", args=["avis", "repondre"]) in html
    assert 'media="print"' in html
    assert reverse("guides:sheet_pdf", args=["cabinet", "messagerie"]) in html
    assert "<script" not in html
    assert " style=" not in html


def test_drafts_and_sheets_in_review_are_not_public(client):
    draft = SheetFactory()
    in_review = SheetFactory(guide=draft.guide, status=SheetStatus.REVIEW)
    for sheet in (draft, in_review):
        url = reverse("guides:sheet", args=[sheet.guide.slug, sheet.slug])
        assert client.get(url).status_code == 404
        assert client.get(url + "pdf/").status_code == 404
    # A guide with no published sheet is not shown either.
    assert client.get(reverse("guides:guide", args=[draft.guide.slug])).status_code == 404
    assert draft.guide.title not in client.get(reverse("guides:index")).content.decode()


def test_unpublished_sheet_disappears(client, loaded):
    sheet = loaded["cabinet/telephones"]
    url = reverse("guides:sheet", args=["cabinet", "telephones"])
    assert client.get(url).status_code == 200
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.DRAFT, author=None)
    assert client.get(url).status_code == 404


def test_unpublished_guide_hides_its_sheets(client, loaded):
    guide = loaded["cabinet/telephones"].guide
    guide.published = False
    guide.save()
    assert client.get(reverse("guides:sheet", args=["cabinet", "telephones"])).status_code == 404


def test_staff_script_never_reaches_the_page(client):
    sheet = SheetFactory(
        body_markdown=(
            "## Partie\n\n<script>alert(1)</script>\n\n"
            '<img src=x onerror="alert(2)">\n\n[lien](javascript:alert(3))\n'
        ),
        status=SheetStatus.REVIEW,
    )
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.PUBLISHED, author=None)
    html = client.get(reverse("guides:sheet", args=[sheet.guide.slug, sheet.slug])).content
    body = html.decode().lower()
    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_pdf_download(client, loaded):
    response = client.get(reverse("guides:sheet_pdf", args=["cabinet", "messagerie"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "fiche-cabinet-messagerie.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_each_hub_links_to_its_guides(client, shipped_defaults):
    for audience in ("medecins", "patients", "etudiants"):
        block = HubBlock.objects.get(audience=audience, link_url=f"/guides/#pour-les-{audience}")
        assert block.is_published
        block.full_clean()
        html = client.get(f"/{audience}/").content.decode()
        assert f'href="/guides/#pour-les-{audience}"' in html


def test_sheet_lookup_is_scoped_to_its_guide(client, loaded):
    other = GuideFactory(slug="autre")
    assert Sheet.objects.filter(guide=other).count() == 0
    assert client.get(reverse("guides:sheet", args=["autre", "messagerie"])).status_code == 404


def test_the_page_shows_the_body_stored_at_the_last_save(client, loaded, staff_user):
    sheet = loaded["cabinet/messagerie"]
    assert sheet.body_html.startswith("<")  # rendered by the loader's save
    assert [entry["anchor"] for entry in sheet.toc]
    # The page reads what was stored, not the Markdown: no rendering per request.
    Sheet.objects.filter(pk=sheet.pk).update(body_html="<p>Corps enregistré</p>", toc=[])
    assert "Corps enregistré" in client.get("/guides/cabinet/messagerie/").content.decode()
    sheet.refresh_from_db()
    sheet.body_markdown = "## Nouvelle partie\n\nTexte revu."
    services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)
    page = client.get("/guides/cabinet/messagerie/").content.decode()
    assert 'id="nouvelle-partie"' in page
    assert "Corps enregistré" not in page


def test_a_sheet_saved_before_stored_bodies_is_rendered_from_its_markdown(client, loaded):
    sheet = loaded["cabinet/messagerie"]
    Sheet.objects.filter(pk=sheet.pk).update(body_html="", toc=[])
    page = client.get("/guides/cabinet/messagerie/").content.decode()
    assert 'class="sheet__body"><' in page.replace("\n", "")
