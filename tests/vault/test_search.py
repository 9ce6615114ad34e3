"""Search over names, folders, descriptions and tags, blind to accents and case; filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.vault.conftest import PNG
from tests.vault.helpers import CTX, store
from vault import selectors, services
from vault.models import Document
from vault.search import DocumentFilters, fold, tags_parse, terms

pytestmark = pytest.mark.django_db


def names(qs) -> list[str]:
    return sorted(document.display_name for document in qs)


def search(owner, **filters) -> list[str]:
    return names(selectors.document_list(owner=owner, filters=DocumentFilters(**filters)))


def test_fold_drops_accents_case_and_punctuation():
    assert fold("Diplôme_SCANNÉ-2027.PDF") == "diplome scanne 2027 pdf"
    assert fold("Cœur et Æther, ß") == "coeur et aether ss"
    assert fold("  ") == ""
    assert terms("  diplôme   Scanné ") == ["diplome", "scanne"]


def test_tags_parse_dedups_regardless_of_case_and_accents():
    assert tags_parse("assurance, RCP ; 2027\nAssurance,  , Écho, echo") == [
        "assurance",
        "RCP",
        "2027",
        "Écho",
    ]
    assert len(tags_parse(",".join(f"t{i}" for i in range(30)))) == 10


def test_accented_query_finds_unaccented_name(doctor_user):
    store(doctor_user, name="diplome-scanne.pdf")
    store(doctor_user, name="contrat.pdf")
    assert search(doctor_user, query="diplôme") == ["diplome-scanne.pdf"]
    assert search(doctor_user, query="DIPLÔME SCANNÉ") == ["diplome-scanne.pdf"]
    # And the other way round: an accented name, a bare query.
    store(doctor_user, name="Attestation d’assurance médicale.pdf")
    assert search(doctor_user, query="medicale") == ["Attestation d’assurance médicale.pdf"]
    # Every word must be found, in any order.
    assert search(doctor_user, query="scanne diplome") == ["diplome-scanne.pdf"]
    assert search(doctor_user, query="diplome contrat") == []


def test_search_covers_folder_description_and_tags(doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Diplômes et thèses")
    in_folder = store(doctor_user, name="scan1.pdf", folder=folder)
    described = store(doctor_user, name="scan2.pdf")
    services.document_describe(
        document=described,
        description="Thèse d’exercice soutenue à Lyon",
        tags="RCP, Hôpital",
        ctx=CTX,
    )
    store(doctor_user, name="scan3.pdf")
    assert search(doctor_user, query="diplomes") == [in_folder.display_name]
    assert search(doctor_user, query="these") == ["scan1.pdf", "scan2.pdf"]
    assert search(doctor_user, query="hopital") == ["scan2.pdf"]
    assert search(doctor_user, query="lyon rcp") == ["scan2.pdf"]
    # A rename refreshes what the document is found by.
    services.document_rename(document=described, display_name="Thèse complète.pdf", ctx=CTX)
    assert search(doctor_user, query="complete") == ["Thèse complète.pdf"]
    assert search(doctor_user, query="lyon") == ["Thèse complète.pdf"]


def test_search_never_reads_content(doctor_user):
    # The PDF fixture's content says "attestation": only names count.
    store(doctor_user, name="scan.pdf")
    assert search(doctor_user, query="attestation") == []


def test_search_is_scoped_to_the_owner(doctor_user, other_doctor_user):
    store(doctor_user, name="diplome.pdf")
    store(other_doctor_user, name="diplome-autre.pdf")
    assert search(doctor_user, query="diplome") == ["diplome.pdf"]
    assert search(other_doctor_user, query="diplome") == ["diplome-autre.pdf"]


def test_like_wildcards_in_a_query_are_literal(doctor_user):
    store(doctor_user, name="a.pdf")
    # "%" and "_" fold to separators: they never act as LIKE wildcards.
    assert search(doctor_user, query="%") == ["a.pdf"]
    assert search(doctor_user, query="_x_") == []


def test_filters_type_dates_and_expiry(doctor_user):
    today = timezone.localdate()
    pdf_old = store(doctor_user, name="vieux.pdf", expires_on=today - datetime.timedelta(days=1))
    Document.objects.filter(pk=pdf_old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    store(doctor_user, name="bientot.pdf", expires_on=today + datetime.timedelta(days=10))
    store(doctor_user, PNG, name="photo.png", expires_on=today + datetime.timedelta(days=90))
    store(doctor_user, name="sans.pdf")

    assert search(doctor_user, kind="image") == ["photo.png"]
    assert search(doctor_user, kind="pdf") == ["bientot.pdf", "sans.pdf", "vieux.pdf"]
    assert search(doctor_user, kind="nimporte") == search(doctor_user)
    assert search(doctor_user, expiry="expire") == ["vieux.pdf"]
    assert search(doctor_user, expiry="bientot") == ["bientot.pdf"]
    assert search(doctor_user, expiry="sans") == ["sans.pdf"]
    assert search(doctor_user, expiry="avec") == ["bientot.pdf", "photo.png", "vieux.pdf"]
    last_month = today - datetime.timedelta(days=30)
    assert search(doctor_user, uploaded_from=last_month) == ["bientot.pdf", "photo.png", "sans.pdf"]
    assert search(doctor_user, uploaded_to=last_month) == ["vieux.pdf"]
    assert search(doctor_user, uploaded_from=today, uploaded_to=last_month) == []
    assert search(doctor_user, kind="pdf", expiry="avec", query="bien") == ["bientot.pdf"]


def test_page_search_and_filters(doctor_client, doctor_user):
    folder = services.folder_create(owner=doctor_user, name="Diplômes")
    store(doctor_user, name="diplome-scanne.pdf", folder=folder)
    store(doctor_user, PNG, name="photo.png")
    url = reverse("vault:index")
    page = doctor_client.get(url, {"q": "Diplôme"}).content.decode()
    assert "diplome-scanne.pdf" in page
    assert "photo.png" not in page
    assert "Le contenu des fichiers reste chiffré et n’est pas parcouru" in page
    page = doctor_client.get(url, {"type": "image"}).content.decode()
    assert "photo.png" in page
    assert "diplome-scanne.pdf" not in page
    page = doctor_client.get(url, {"dossier": folder.pk, "q": "photo"}).content.decode()
    assert "Aucun document ne correspond à votre recherche" in page
    # A wrong date is said, not a crash, and the list is shown unfiltered.
    response = doctor_client.get(url, {"du": "32/13/2027"})
    assert response.status_code == 200
    assert "Indiquez une date valide" in response.content.decode()


def test_api_search_is_accent_blind(doctor_user):
    from rest_framework.test import APIClient

    store(doctor_user, name="diplome-scanne.pdf")
    api = APIClient()
    api.force_authenticate(doctor_user)
    response = api.get("/api/v1/vault/documents/", {"q": "DIPLÔME"})
    assert response.status_code == 200
    assert [d["name"] for d in response.json()] == ["diplome-scanne.pdf"]


def test_describe_refuses_an_overlong_description(doctor_user):
    from django.core.exceptions import ValidationError

    document = store(doctor_user, name="a.pdf")
    with pytest.raises(ValidationError, match="limitée"):
        services.document_describe(document=document, description="x" * 1001, tags="", ctx=CTX)


def test_a_wrong_date_leaves_the_other_filters_applied(doctor_client, doctor_user):
    store(doctor_user, name="diplome.pdf")
    store(doctor_user, name="contrat.pdf")
    response = doctor_client.get(reverse("vault:index"), {"q": "diplôme", "au": "pas une date"})
    assert [d.display_name for d in response.context["documents"]] == ["diplome.pdf"]
