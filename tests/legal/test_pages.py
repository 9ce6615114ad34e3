"""The legal pages: shipped French text, staff edits with revisions, generated parts."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from guides import services as guide_services
from guides.models import Guide, Sheet, SheetStatus
from legal.cookies import cookie_list
from legal.processing import processing_list
from legal.selectors import LEGAL_GUIDE

pytestmark = pytest.mark.django_db

PAGES = [
    ("legal:mentions", "/mentions-legales/", "Mentions légales"),
    ("legal:personal_data", "/donnees-personnelles/", "Données personnelles"),
    ("legal:accessibility", "/accessibilite/", "Déclaration d’accessibilité"),
    ("legal:cookies", "/cookies/", "Cookies"),
    ("legal:site_map", "/plan-du-site/", "Plan du site"),
]


def _reversible(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@pytest.mark.parametrize(("name", "path", "title"), PAGES)
def test_each_page_answers_at_its_fixed_address_even_before_guides_are_loaded(
    client, name, path, title
):
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize(("name", "path", "title"), PAGES)
def test_each_page_answers_once_the_shipped_guides_are_loaded(
    client, shipped_guides, name, path, title
):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_pages_refuse_other_methods(client):
    assert client.post(reverse("legal:mentions")).status_code == 405


def test_mentions_name_publisher_director_and_host_from_settings(client, settings):
    settings.SITE_PUBLISHER_NAME = "Conseil national de test"
    settings.SITE_PUBLISHER_ADDRESS = "1 place du Test, 75000 Paris"
    settings.SITE_PUBLISHER_PHONE = "01 02 03 04 05"
    settings.SITE_PUBLISHER_EMAIL = "editeur@ordre.test"
    settings.SITE_PUBLICATION_DIRECTOR = "Dr Marie Curie, présidente"
    settings.SITE_HOST_NAME = "Hébergeur Exemple SAS"
    settings.SITE_HOST_ADDRESS = "2 quai des Serveurs, 59000 Lille"
    settings.SITE_HOST_PHONE = "03 00 00 00 00"

    page = client.get(reverse("legal:mentions")).content.decode()

    for value in (
        "Conseil national de test",
        "1 place du Test, 75000 Paris",
        "01 02 03 04 05",
        'href="mailto:editeur@ordre.test"',
        "Dr Marie Curie, présidente",
        "Hébergeur Exemple SAS",
        "2 quai des Serveurs, 59000 Lille",
        "03 00 00 00 00",
    ):
        assert value in page
    assert "Propriété intellectuelle" in page


def test_personal_data_page_lists_every_declared_processing(client, settings):
    settings.SITE_DPO_EMAIL = "delegue@ordre.test"
    settings.SITE_DPO_ADDRESS = "DPO, 4 rue du Test, 75017 Paris"

    page = client.get(reverse("legal:personal_data")).content.decode()

    for processing in processing_list():
        assert processing.name in page
        assert processing.retention in page
        assert processing.legal_basis in page
        assert processing.purpose in page
    assert page.count("Aucun transfert hors de l’Union européenne.") == len(processing_list())
    assert 'href="mailto:delegue@ordre.test"' in page
    assert "DPO, 4 rue du Test, 75017 Paris" in page
    assert 'href="https://www.cnil.fr/fr/plaintes"' in page
    # The editable introduction comes first.
    assert page.index("Notre engagement") < page.index(processing_list()[0].name)


def test_personal_data_page_links_to_the_contact_form_when_it_exists(client):
    contact = _reversible("contact:form")
    page = client.get(reverse("legal:personal_data")).content.decode()
    if contact is None:
        assert "?sujet=donnees-personnelles" not in page
    else:
        assert f'href="{contact}?sujet=donnees-personnelles"' in page


def test_accessibility_statement_follows_rgaa(client):
    page = client.get(reverse("legal:accessibility")).content.decode()
    assert "<strong>partiellement conforme</strong>" in page
    assert "RGAA" in page
    assert "4.1" in page
    assert "Contenus non accessibles" in page
    assert "Défenseur des droits" in page
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in page


def test_cookies_page_lists_the_declared_cookies(client, settings):
    settings.SESSION_COOKIE_NAME = "__Secure-sessionid"
    page = client.get(reverse("legal:cookies")).content.decode()
    for cookie in cookie_list():
        assert f"<code>{cookie.name}</code>" in page
        assert cookie.purpose.replace("«", "&laquo;")[:20] in page or cookie.purpose[:20] in page
    assert "<code>__Secure-sessionid</code>" in page
    assert "12\u00a0heures" in page


def test_staff_edit_is_what_readers_see_and_a_revision_is_kept(client, shipped_guides, admin_user):
    sheet = Sheet.objects.get(guide__slug=LEGAL_GUIDE, slug="mentions-legales")
    before = sheet.revisions.count()
    sheet.body_markdown = "## Crédits\n\nPhotographies : service communication de l’Ordre.\n"
    guide_services.sheet_save(sheet=sheet, author=admin_user, by_staff=True)

    page = client.get(reverse("legal:mentions")).content.decode()

    assert "Photographies : service communication" in page
    assert "Propriété intellectuelle" not in page
    assert sheet.revisions.count() == before + 1
    assert sheet.revisions.first().author == admin_user


def test_a_sheet_taken_back_to_draft_leaves_the_shipped_text_online(client, shipped_guides):
    sheet = Sheet.objects.get(guide__slug=LEGAL_GUIDE, slug="cookies")
    sheet.body_markdown = "## Brouillon en cours\n\nTexte non relu.\n"
    guide_services.sheet_save(sheet=sheet, author=None, by_staff=True)
    guide_services.sheet_transition(sheet=sheet, to_status=SheetStatus.DRAFT, author=None)

    page = client.get(reverse("legal:cookies")).content.decode()

    assert "Brouillon en cours" not in page
    assert "Ce que le portail dépose sur votre appareil" in page


def test_legal_guide_is_hidden_from_guides_assistant_and_api(client, shipped_guides):
    guide = Guide.objects.get(slug=LEGAL_GUIDE)
    assert guide.listed is False
    assert guide.sheets.filter(status=SheetStatus.PUBLISHED).count() == 4

    index = client.get(reverse("guides:index")).content.decode()
    assert f'href="/guides/{LEGAL_GUIDE}/' not in index
    assert guide.title not in index.split('<footer class="site-footer">')[0].replace(
        "Fil d’Ariane", ""
    )
    assert client.get(f"/guides/{LEGAL_GUIDE}/").status_code == 404
    assert client.get(f"/guides/{LEGAL_GUIDE}/mentions-legales/").status_code == 404
    api = client.get("/api/v1/guides/")
    if api.status_code == 200:
        assert LEGAL_GUIDE not in api.content.decode()

    answer = client.get(
        reverse("guides:assistant"),
        {"q": "Qui est l’hébergeur du portail et le directeur de la publication ?"},
    ).content.decode()
    assert f"/guides/{LEGAL_GUIDE}/" not in answer


def test_site_map_lists_every_public_section(client, shipped_guides):
    page = client.get(reverse("legal:site_map")).content.decode()
    hrefs = set(re.findall(r'href="([^"]+)"', page))
    expected = {
        reverse("home"),
        reverse("hub_medecins"),
        reverse("hub_patients"),
        reverse("hub_etudiants"),
        reverse("guides:index"),
        reverse("guides:assistant"),
        reverse("directory_search"),
        reverse("doctor_space"),
        reverse("legal:mentions"),
        reverse("legal:personal_data"),
        reverse("legal:accessibility"),
        reverse("legal:cookies"),
    }
    for name in ("councils:list", "contact:form"):
        if url := _reversible(name):
            expected.add(url)
    assert expected <= hrefs
    for sheet in Sheet.objects.filter(status=SheetStatus.PUBLISHED, guide__listed=True):
        assert reverse("guides:sheet", args=[sheet.guide.slug, sheet.slug]) in hrefs
    assert not any(href.startswith(f"/guides/{LEGAL_GUIDE}/") for href in hrefs)


def test_footer_links_every_legal_page_on_every_page(client):
    for path in ("/", reverse("guides:index"), reverse("legal:cookies")):
        page = client.get(path).content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        for name in (
            "legal:mentions",
            "legal:personal_data",
            "legal:accessibility",
            "legal:cookies",
            "legal:site_map",
        ):
            assert f'href="{reverse(name)}"' in footer
        assert "Accessibilité&nbsp;: partiellement conforme" in footer
        for name in ("contact:form", "councils:list"):
            if url := _reversible(name):
                assert f'href="{url}"' in footer
