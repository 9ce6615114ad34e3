"""The directory's pages, the doctor space's section, the hub link and the rate limits."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from portal.models import HubBlock
from roll.models import DoctorStatus
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

hub_links = importlib.import_module("directory.migrations.0002_patients_hub_link")
SEARCH = reverse("directory_search")


def text_of(response) -> str:
    return response.content.decode()


def test_the_empty_form_lists_nobody(client):
    DoctorFactory(last_name="Invisible")
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Invisible" not in text_of(response)
    assert 'role="search"' in text_of(response)
    assert '<label for="id_q">' in text_of(response)


def test_a_search_shows_public_fields_and_never_private_ones(client):
    doctor = DoctorFactory(
        last_name="Lefèvre",
        first_name="Hélène",
        email="helene.prive@exemple-medecin.test",
        street="12 rue Sainte-Catherine",
        postcode="33000",
        city="Bordeaux",
    )
    response = client.get(SEARCH, {"q": "LEFEVRE"})
    page = text_of(response)
    assert response.status_code == 200
    for public in ["Dr Hélène Lefèvre", "12 rue Sainte-Catherine", "33000 Bordeaux", doctor.rpps]:
        assert public in page
    assert "Inscrite au tableau, autorisée à exercer" in page  # the factory's doctors are Mme
    assert "helene.prive" not in page
    assert "2012" not in page  # the registration date stays private
    assert reverse("directory_entry", args=[doctor.rpps]) in page


@pytest.mark.parametrize("status", [DoctorStatus.SUSPENDED, DoctorStatus.STRUCK_OFF])
def test_suspended_and_struck_off_doctors_never_read_as_active(client, status):
    doctor = DoctorFactory(last_name="Suspendu", status=status)
    for response in (
        client.get(SEARCH, {"q": "suspendu"}),
        client.get(reverse("directory_entry", args=[doctor.rpps])),
    ):
        page = text_of(response)
        assert "Non autorisée à exercer" in page
        assert "directory-entry__status--not_authorised" in page
        assert "Inscrite au tableau, autorisée à exercer" not in page
        assert "Inscrit au tableau, autorisé à exercer" not in page
        assert "directory-entry__status--authorised" not in page
        assert "En activité" not in page


def test_retired_doctors_read_as_retired(client):
    doctor = DoctorFactory(status=DoctorStatus.RETIRED)
    assert "Retraité" in text_of(client.get(reverse("directory_entry", args=[doctor.rpps])))


def test_entry_page_by_rpps_and_404_otherwise(client):
    doctor = DoctorFactory(last_name="Garnier", email="garnier.prive@exemple-medecin.test")
    response = client.get(reverse("directory_entry", args=[doctor.rpps]))
    assert response.status_code == 200
    assert "Garnier" in text_of(response)
    assert "garnier.prive" not in text_of(response)
    assert client.get(reverse("directory_entry", args=["99999999999"])).status_code == 404
    assert client.get("/annuaire/pas-un-numero/").status_code == 404


def test_pages_link_to_each_other_and_keep_the_criteria(client):
    DoctorFactory.create_batch(25, last_name="Moreau", department="33")
    first = text_of(client.get(SEARCH, {"q": "moreau", "departement": "33"}))
    assert "Page 1 sur 2" in first
    assert "q=moreau&amp;departement=33&amp;page=2" in first
    second = text_of(client.get(SEARCH, {"q": "moreau", "departement": "33", "page": "2"}))
    assert "Résultats 21 à 25" in second
    assert "Page précédente" in second


def test_nothing_found_says_so(client):
    response = client.get(SEARCH, {"q": "introuvable"})
    assert "Aucun médecin ne correspond" in text_of(response)


def test_unusable_query_asks_to_be_more_precise(client):
    assert "Précisez votre recherche" in text_of(client.get(SEARCH, {"q": "x"}))


def test_a_too_long_query_gets_a_field_error(client):
    response = client.get(SEARCH, {"q": "d" * 101})
    page = text_of(response)
    assert response.status_code == 200
    assert "Votre recherche est trop longue : 100 caractères au plus" in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_q-aide id_q-erreur"' in page


def test_bad_filters_and_pages_get_clear_errors(client):
    page = text_of(client.get(SEARCH, {"q": "durand", "departement": "99"}))
    assert "Choisissez un département dans la liste." in page
    page = text_of(client.get(SEARCH, {"q": "durand", "page": "51"}))
    assert "Seules les 50 premières pages" in page
    page = text_of(client.get(SEARCH, {"q": "durand", "specialite": "Astrologie"}))
    assert "Choisissez une spécialité dans la liste." in page


def test_the_specialty_filter_offers_the_roll_s_specialties(client):
    DoctorFactory(specialty="Pédiatrie")
    page = client.get(SEARCH).content.decode()
    assert '<option value="Pédiatrie">Pédiatrie</option>' in page
    assert '<option value="01">01 — Ain</option>' in page


def test_searches_are_rate_limited_with_a_french_429(client, settings):
    settings.DIRECTORY_RATE_LIMITS = ["3/m"]
    DoctorFactory(last_name="Durand")
    for _ in range(3):
        assert client.get(SEARCH, {"q": "durand"}).status_code == 200
    response = client.get(SEARCH, {"q": "durand"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "beaucoup de recherches" in text_of(response)
    assert "Durand" not in text_of(response)
    # Entry pages count too: enumerating RPPS numbers is scraping as well.
    assert client.get(reverse("directory_entry", args=["99999999999"])).status_code == 429
    # The empty form does not count and stays available.
    assert client.get(SEARCH).status_code == 200


def test_rate_limit_is_per_client_address(client, settings):
    settings.DIRECTORY_RATE_LIMITS = ["1/m"]
    assert client.get(SEARCH, {"q": "durand"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(SEARCH, {"q": "durand"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(SEARCH, {"q": "durand"}, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_doctor_space_shows_how_the_entry_appears_and_how_to_correct_it(client):
    doctor = DoctorFactory(status=DoctorStatus.ACTIVE, department="33")
    user = UserFactory.create(email="medecin-annuaire@exemple.test", doctor=doctor)
    force_mfa_login(client, user)
    page = text_of(client.get(reverse("doctor_space")))
    assert "Ma fiche dans l’annuaire public" in page
    assert "Voir ma fiche dans l’annuaire public" in page
    assert reverse("directory_entry", args=[doctor.rpps]) in page
    assert "conseil départemental" in page
    assert "«&nbsp;Inscrite au tableau, autorisée à exercer&nbsp;»" in page


def test_patients_hub_links_to_the_directory(client):
    block = HubBlock.objects.get(audience="patients", link_url="/annuaire/")
    assert block.is_published
    block.full_clean()
    assert 'href="/annuaire/"' in text_of(client.get(reverse("hub_patients")))


def test_hub_link_migration_runs_twice_and_keeps_staff_edits():
    HubBlock.objects.filter(audience="patients", link_url="/annuaire/").update(
        title="Annuaire", is_published=False
    )
    hub_links.add_links(apps, None)
    blocks = HubBlock.objects.filter(audience="patients", link_url="/annuaire/")
    assert [(b.title, b.is_published) for b in blocks] == [("Annuaire", False)]


def test_searches_answered_from_the_page_cache_still_count_against_the_limit(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.DIRECTORY_PAGE_CACHE_SECONDS = 60
    settings.DIRECTORY_RATE_LIMITS = ["2/m"]
    DoctorFactory(last_name="Durand")
    first = client.get(SEARCH, {"q": "durand"})
    DoctorFactory(last_name="Durand", first_name="Second")
    second = client.get(SEARCH, {"q": "durand"})
    assert second.content == first.content  # from the cache
    assert "public" in second["Cache-Control"]
    assert client.get(SEARCH, {"q": "durand"}).status_code == 429


def test_entries_answered_early_from_the_cache_are_counted_once_each(
    client, settings, django_assert_max_num_queries, monkeypatch
):
    """A stored entry is answered before the session layers (no query), each visit counted
    once against the limit; the visit over the limit gets the French 429, not the page."""
    from directory import throttling

    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.DIRECTORY_PAGE_CACHE_SECONDS = 60
    settings.DIRECTORY_RATE_LIMITS = ["3/m"]
    doctor = DoctorFactory(last_name="Durand")
    url = reverse("directory_entry", args=[doctor.rpps])
    counted = []
    real = throttling._count
    monkeypatch.setattr(throttling, "_count", lambda request: counted.append(1) or real(request))
    first = client.get(url)
    assert first.status_code == 200
    assert "Durand" in text_of(first)
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert not hasattr(second.wsgi_request, "session")  # answered before the session layers
    assert len(counted) == 2
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert "beaucoup de recherches" in text_of(refused)
    assert "Durand" not in text_of(refused)
    assert len(counted) == 4  # the refused visit too, once


def test_a_refused_visit_is_not_answered_from_the_process_copy(client, settings):
    """The process keeps the entry it answered early (PUBLIC_PAGE_LOCAL_SECONDS); the limit
    still holds on that copy."""
    from portal import page_cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.DIRECTORY_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 5
    settings.DIRECTORY_RATE_LIMITS = ["3/m"]
    url = reverse("directory_entry", args=[DoctorFactory().rpps])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert page_cache._local  # the third visit was answered from the process's copy
    assert client.get(url).status_code == 429
