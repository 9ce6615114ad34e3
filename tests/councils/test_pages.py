"""The councils' pages: every département finds its council, and each council has a page."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from councils.models import Council, CouncilLevel
from councils.selectors import council_for_department, council_groups, council_national
from roll.data.geography import DEPARTMENT_CODES

pytestmark = pytest.mark.django_db


def test_every_roll_department_maps_to_its_own_departmental_council():
    for code in DEPARTMENT_CODES:
        council = council_for_department(department=code)
        assert council is not None, code
        assert council.level == CouncilLevel.DEPARTMENTAL
        assert code in council.departments


def test_seed_has_national_regional_and_departmental_councils_flagged_as_samples():
    national = council_national()
    assert national is not None
    assert (national.street, national.postcode) == ("4 rue Léon Jost", "75855")
    assert Council.objects.filter(level=CouncilLevel.REGIONAL).count() == 18
    assert Council.objects.filter(level=CouncilLevel.DEPARTMENTAL).count() == len(DEPARTMENT_CODES)
    assert not Council.objects.filter(is_sample=False).exists()
    assert not Council.objects.filter(level=CouncilLevel.DEPARTMENTAL, code="20").exists()
    assert council_for_department(department="69").region.code == "R-84"
    assert council_for_department(department="2b").region.code == "R-94"


def test_a_council_covering_several_departments_is_found_by_each():
    Council.objects.filter(code="975").delete()
    council = Council.objects.get(code="974")
    council.departments = ["974", "975"]
    council.save()
    assert council_for_department(department="975") == council
    assert council_for_department(department="") is None
    assert council_for_department(department="99") is None


def test_list_groups_by_region_and_shows_the_national_council(client):
    response = client.get(reverse("councils:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Auvergne-Rhône-Alpes" in html
    assert "Outre-mer" in html
    assert "France métropolitaine" in html
    assert html.index("France métropolitaine") < html.index("Outre-mer")
    assert "69 — Rhône" in html
    assert "2A — Corse-du-Sud" in html
    assert "976 — Mayotte" in html
    assert "4 rue Léon Jost" in html
    assert 'href="tel:' in html
    assert 'href="mailto:cd69@' in html
    groups = council_groups()
    assert sum(len(g.councils) for g in groups) == len(DEPARTMENT_CODES)


@pytest.mark.parametrize(
    ("query", "code"),
    [("69", "69"), ("1", "01"), ("2a", "2A"), ("gironde", "33"), ("cote d'or", "21")],
)
def test_search_for_one_department_leads_to_its_council(client, query, code):
    response = client.get(reverse("councils:list"), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("councils:detail", args=[code])


def test_search_by_a_word_lists_every_match_and_says_how_many(client):
    response = client.get(reverse("councils:list"), {"q": "haute"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Haute-Garonne" in html
    assert "Haute-Savoie" in html
    assert "correspondent à" in html


def test_search_without_a_match_says_so(client):
    response = client.get(reverse("councils:list"), {"q": "Atlantide"})
    assert response.status_code == 200
    assert "Aucun département ne correspond" in response.content.decode()


def test_departmental_detail_page_links_to_region_and_contact_form(client):
    response = client.get(reverse("councils:detail", args=["69"]))
    assert response.status_code == 200
    html = response.content.decode()
    council = Council.objects.get(code="69")
    assert council.name in html
    assert council.street in html
    assert council.opening_hours in html
    assert f'href="mailto:{council.email}"' in html
    assert 'href="tel:0' in html
    assert "Rhône (69)" in html
    assert reverse("councils:detail", args=["R-84"]) in html
    assert reverse("contact:form") + "?departement=69" in html
    assert "Écrire au conseil" in html


def test_regional_and_national_pages(client):
    html = client.get(reverse("councils:detail", args=["R-94"])).content.decode()
    assert "Corse-du-Sud (2A)" in html
    assert reverse("councils:detail", args=["2B"]) in html
    response = client.get(reverse("councils:detail", args=["CNOM"]))
    assert response.status_code == 200
    assert "75855 Paris Cedex 17" in response.content.decode()


def test_detail_code_is_case_insensitive_and_unknown_is_404(client):
    response = client.get("/conseils/2a/")
    assert response.status_code == 301
    assert response["Location"] == "/conseils/2A/"
    assert client.get("/conseils/20/").status_code == 404


def test_council_url_tag_points_to_the_council_or_the_list():
    template = Template("{% load councils %}{% council_url code %}")
    assert template.render(Context({"code": "2B"})) == "/conseils/2B/"
    assert template.render(Context({"code": "974"})) == "/conseils/974/"
    assert template.render(Context({"code": ""})) == "/conseils/"
    assert template.render(Context({"code": None})) == "/conseils/"
    assert template.render(Context({"code": "20"})) == "/conseils/"
