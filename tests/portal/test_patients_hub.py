"""The patients' hub: directory search, the patients' guide sheets, the practical pages."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from guides.models import Sheet

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "guides" / "content" / "patients"


def test_patients_hub_has_a_labelled_directory_search(client):
    page = client.get(reverse("hub_patients")).content.decode()
    form = re.search(r'<form[^>]*action="/annuaire/"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert 'method="get"' in form.group(0)
    assert '<label for="hub-annuaire-q">' in form.group(1)
    assert 'name="q" id="hub-annuaire-q"' in form.group(1)


def test_other_hubs_have_no_directory_form(client):
    for name in ("hub_medecins", "hub_etudiants"):
        assert 'id="hub-annuaire-q"' not in client.get(reverse(name)).content.decode()


def test_patients_hub_lists_the_patients_published_sheets(client, shipped_guides):
    page = client.get(reverse("hub_patients")).content.decode()
    for slug in ("trouver-un-medecin", "acceder-a-son-dossier", "donner-un-avis", "porter-plainte"):
        assert f'href="/guides/patients/{slug}/"' in page
    # Doctors' guides are not offered to patients.
    assert "/guides/rgpd/" not in page.split('id="fiches-patients"')[1].split("</section>")[0]


def test_unpublished_sheet_is_not_listed(client, shipped_guides):
    Sheet.objects.filter(guide__slug="patients", slug="porter-plainte").update(status="draft")
    page = client.get(reverse("hub_patients")).content.decode()
    assert "/guides/patients/porter-plainte/" not in page


def test_practical_sheets_are_published_and_open(client, shipped_guides):
    for slug in ("trouver-un-medecin", "porter-plainte"):
        response = client.get(reverse("guides:sheet", args=["patients", slug]))
        assert response.status_code == 200
    page = client.get(reverse("guides:sheet", args=["patients", "porter-plainte"])).content
    text = page.decode()
    assert "L. 4123-2" in text
    assert "R. 4126-1" in text
    assert "conciliation" in text


@pytest.mark.parametrize("name", ["04-trouver-un-medecin.md", "05-porter-plainte.md"])
def test_new_sheets_keep_the_word_count_of_the_others(name):
    body = (CONTENT / name).read_text(encoding="utf-8").split("---", 2)[2]
    assert 300 <= len(body.split()) <= 900
