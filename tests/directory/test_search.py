"""The directory's search selector: matching, relevance order, pages, statuses, filters."""

import pytest

from directory.db import document, fold
from directory.entries import PUBLIC_FIELDS, PracticeStatus, practice_status
from directory.models import DirectoryEntry
from directory.query import parse_query
from directory.selectors import (
    MAX_PAGE,
    MAX_RESULTS,
    PAGE_SIZE,
    directory_entry_get,
    directory_search,
    directory_specialty_list,
)
from directory.vocabulary import vocabulary_build
from roll.models import Doctor, DoctorStatus
from roll.services.seeding import roll_seed
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def names(page) -> list[str]:
    return [f"{entry.last_name} {entry.first_name}" for entry in page.entries]


def test_fold_and_document_match_what_postgresql_computes():
    assert fold("Éloïse Lefèvre-Œuvray") == "eloise lefevre-oeuvray"
    assert document("Le Gall", "Jean-Loup", "Médecine générale", "Saint-Étienne") == (
        " le gall jean loup medecine generale saint etienne"
    )


def test_query_words_are_classified_by_shape():
    parsed = parse_query("Dr Dupont, pédiatre 33 2A 75011 10001234567 1000123 x")
    assert parsed.words == ("dupont", "pediatre")
    assert parsed.places == ("33", "2A", "75011")
    assert parsed.rpps == "10001234567"
    assert parsed.rpps_prefix == ""  # a seventh term: ignored
    assert parse_query("1000123").rpps_prefix == "1000123"
    assert parse_query("  - ' x ").is_empty


@pytest.mark.parametrize("typed", ["lefevre", "LEFÈVRE", "Lefèvre", "lefèv", "LEFE"])
def test_names_match_whatever_the_accents_and_case(typed):
    DoctorFactory(last_name="Lefèvre", first_name="Hélène")
    DoctorFactory(last_name="Martin", first_name="Paul")
    assert names(directory_search(text=typed)) == ["Lefèvre Hélène"]


def test_first_names_specialties_and_towns_match_by_word_start():
    DoctorFactory(
        last_name="Roux", first_name="Éloïse", specialty="Pédiatrie", city="Saint-Étienne"
    )
    DoctorFactory(
        last_name="Petit", first_name="Marc", specialty="Psychiatrie", city="Lyon", department="69"
    )
    assert names(directory_search(text="eloise")) == ["Roux Éloïse"]
    assert names(directory_search(text="PEDIATRIE")) == ["Roux Éloïse"]
    assert names(directory_search(text="etienne")) == ["Roux Éloïse"]
    assert names(directory_search(text="psy lyon")) == ["Petit Marc"]
    # Inside a word is not a word start: "iatrie" finds nobody.
    assert names(directory_search(text="iatrie")) == []


def test_every_word_must_match():
    DoctorFactory(last_name="Dupont", city="Lyon", department="69")
    DoctorFactory(last_name="Dupont", city="Paris")
    assert len(directory_search(text="dupont").entries) == 2
    assert [e.city for e in directory_search(text="dupont lyon").entries] == ["Lyon"]


def test_rpps_postcode_and_department_searches():
    wanted = DoctorFactory(postcode="33000", city="Bordeaux", department="33")
    DoctorFactory(postcode="75011", department="75")
    assert [e.rpps for e in directory_search(text=wanted.rpps).entries] == [wanted.rpps]
    assert [e.rpps for e in directory_search(text=wanted.rpps[:10]).entries] == [wanted.rpps]
    assert [e.rpps for e in directory_search(text="33000").entries] == [wanted.rpps]
    assert [e.rpps for e in directory_search(text="33").entries] == [wanted.rpps]
    assert [e.rpps for e in directory_search(department="33").entries] == [wanted.rpps]
    assert directory_search(text="99999999999").entries == []


def test_specialty_filter_ignores_accents_and_case():
    DoctorFactory(last_name="Blanc", specialty="Pédiatrie")
    DoctorFactory(last_name="Noir", specialty="Psychiatrie")
    assert names(directory_search(specialty="pediatrie")) == ["Blanc Anne"]
    assert names(directory_search(text="blanc", specialty="Psychiatrie")) == []


def test_exact_last_name_first_then_name_prefix_then_other_matches():
    DoctorFactory(last_name="Martinez", first_name="Alice")
    DoctorFactory(last_name="Martin", first_name="Zoé")
    DoctorFactory(last_name="Abadie", first_name="Martin")
    DoctorFactory(last_name="Martin", first_name="Bruno")
    assert names(directory_search(text="martin")) == [
        "Martin Bruno",
        "Martin Zoé",
        "Martinez Alice",
        "Abadie Martin",
    ]


def test_same_order_for_accented_names():
    for last_name in ["Émery", "Eloi", "Ezra", "Ébrard"]:
        DoctorFactory(last_name=last_name, specialty="Gériatrie")
    assert [e.last_name for e in directory_search(text="geriatrie").entries] == [
        "Ébrard",
        "Eloi",
        "Émery",
        "Ezra",
    ]


def test_pages_follow_one_another_without_gaps_or_repeats():
    DoctorFactory.create_batch(PAGE_SIZE + 5, last_name="Durand")
    DoctorFactory.create_batch(10, last_name="Durandal")
    DoctorFactory.create_batch(5, last_name="Abel", first_name="Durand")
    first = directory_search(text="durand", page=1)
    second = directory_search(text="durand", page=2)
    assert (first.total, first.num_pages, first.total_is_capped) == (40, 2, False)
    assert first.has_next
    assert not first.has_previous
    assert len(first.entries) == PAGE_SIZE
    assert len(second.entries) == 20
    rpps = [e.rpps for e in first.entries + second.entries]
    assert len(set(rpps)) == 40
    assert [e.last_name for e in second.entries][-5:] == ["Abel"] * 5
    assert directory_search(text="durand", page=3).entries == []


def test_page_numbers_are_kept_in_range():
    DoctorFactory(last_name="Seul")
    assert directory_search(text="seul", page=0).number == 1
    assert directory_search(text="seul", page=10_000).number == MAX_PAGE


def test_results_beyond_the_cap_are_not_reachable(settings, monkeypatch):
    monkeypatch.setattr("directory.selectors.MAX_RESULTS", 30)
    monkeypatch.setattr("directory.selectors.MAX_PAGE", 2)
    DoctorFactory.create_batch(35, last_name="Nombreux")
    page = directory_search(text="nombreux", page=2)
    assert (page.total, page.total_is_capped, page.num_pages) == (30, True, 2)
    assert len(page.entries) == 10
    assert MAX_RESULTS == MAX_PAGE * PAGE_SIZE


@pytest.mark.parametrize("text", ["", "   ", "x", "- ' ,", "a b c"])
def test_empty_or_unusable_queries_list_nobody(text):
    DoctorFactory()
    page = directory_search(text=text)
    assert (page.entries, page.total) == ([], 0)


def test_a_very_long_query_is_cut_not_refused():
    DoctorFactory(last_name="Durand")
    assert directory_search(text="durand" + " " * 200 + "absent").total == 1
    assert directory_search(text="x" * 100_000).total == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DoctorStatus.ACTIVE, PracticeStatus.AUTHORISED),
        (DoctorStatus.RETIRED_ACTIVE, PracticeStatus.AUTHORISED),
        (DoctorStatus.RETIRED, PracticeStatus.RETIRED),
        (DoctorStatus.SUSPENDED, PracticeStatus.NOT_AUTHORISED),
        (DoctorStatus.STRUCK_OFF, PracticeStatus.NOT_AUTHORISED),
    ],
)
def test_practice_status_never_shows_suspended_or_struck_off_as_active(status, expected):
    doctor = DoctorFactory(status=status)
    entry = directory_entry_get(rpps=doctor.rpps)
    assert entry is not None
    assert entry.practice_status == expected
    assert entry.authorised_to_practise == (expected == PracticeStatus.AUTHORISED)
    assert practice_status("unknown") == PracticeStatus.NOT_AUTHORISED


def test_only_public_fields_are_read():
    assert "email" not in PUBLIC_FIELDS
    assert "registered_on" not in PUBLIC_FIELDS
    doctor = DoctorFactory(email="prive@exemple-medecin.test")
    entry = directory_entry_get(rpps=doctor.rpps)
    assert "prive@" not in repr(entry)
    assert not hasattr(entry, "email")


def test_specialty_list_is_sorted_without_accents_getting_in_the_way():
    for specialty in ["Urologie", "Échographie", "Anesthésie", ""]:
        DoctorFactory(specialty=specialty)
    assert directory_specialty_list() == ["Anesthésie", "Échographie", "Urologie"]


def test_the_search_table_follows_every_change_to_the_roll():
    doctor = DoctorFactory(last_name="Avant", city="Lyon", department="69")
    assert names(directory_search(text="avant lyon")) == ["Avant Anne"]
    doctor.last_name = "Après"
    doctor.city = "Nîmes"
    doctor.department = "30"
    doctor.save()
    assert names(directory_search(text="avant")) == []
    assert names(directory_search(text="apres nimes")) == ["Après Anne"]
    Doctor.objects.filter(pk=doctor.pk).update(specialty="Gériatrie")
    assert names(directory_search(text="geriatrie")) == ["Après Anne"]
    entry = DirectoryEntry.objects.get(doctor=doctor)
    assert (entry.last_name_key, entry.specialty_key) == ("apres", "geriatrie")
    doctor.delete()
    assert not DirectoryEntry.objects.exists()


def test_bulk_seeding_fills_the_search_table():
    created = roll_seed(doctors=50, seed=3)
    assert DirectoryEntry.objects.count() == created == 50
    sample = Doctor.objects.order_by("rpps").first()
    assert [e.rpps for e in directory_search(text=sample.rpps).entries] == [sample.rpps]


def test_a_specialty_typed_in_full_is_matched_on_the_specialty():
    DoctorFactory(last_name="Orl", specialty="Oto-rhino-laryngologie et chirurgie cervico-faciale")
    DoctorFactory(last_name="Autre", specialty="Chirurgie vasculaire", city="Faciale")
    parsed = parse_query(
        "Orlan : oto-rhino-laryngologie et chirurgie cervico-faciale Lyon",
        vocabulary=vocabulary_build(entries=(), roll_specialties=directory_specialty_list()),
    )
    assert parsed.specialties == ("oto-rhino-laryngologie et chirurgie cervico-faciale",)
    assert parsed.words == ("orlan",)
    assert [town.department for town in parsed.towns] == ["69"]
    found = directory_search(text="Oto-rhino-laryngologie et chirurgie cervico-faciale")
    assert names(found) == ["Orl Anne"]


def test_many_matches_take_the_index_path_with_the_same_order(monkeypatch):
    DoctorFactory(last_name="Zola", first_name="Martin")
    DoctorFactory(last_name="Martin", first_name="Yves")
    DoctorFactory(last_name="Martineau", first_name="Léa")
    DoctorFactory.create_batch(3, last_name="Abel", first_name="Martine")
    DoctorFactory(last_name="Martin", first_name="Alain")
    few = directory_search(text="martin")
    monkeypatch.setattr("directory.selectors.FEW_MATCHES", 2)
    many = [directory_search(text="martin", page=page) for page in (1, 2)]
    assert (
        names(few)
        == names(many[0])
        == [
            "Martin Alain",
            "Martin Yves",
            "Martineau Léa",
            "Abel Martine",
            "Abel Martine",
            "Abel Martine",
            "Zola Martin",
        ]
    )
    # Beyond FEW_MATCHES, the matches are more than can be paged: the count says so.
    assert many[0].total_is_capped
    assert many[1].entries == []
