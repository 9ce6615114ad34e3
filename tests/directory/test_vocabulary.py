"""Everyday words in the directory's search: specialty terms, other professions, places."""

import importlib

import pytest
from django.apps import apps as django_apps

from directory import services
from directory.models import SpecialtyVocabulary
from directory.query import parse_query
from directory.selectors import directory_search
from directory.vocabulary import current_vocabulary, vocabulary_build
from roll.data.people import SPECIALTIES
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped_vocabulary(db) -> None:
    """The rows the data migration creates, even after a flushing test elsewhere."""
    migration = importlib.import_module("directory.migrations.0005_specialty_vocabulary_data")
    migration.forwards(django_apps, None)


ROLL = [
    ("Cardio", "Claire", "Cardiologie et maladies vasculaires", "Lyon", "69", "69003"),
    ("Derme", "Denis", "Dermatologie et vénéréologie", "Bordeaux", "33", "33000"),
    ("Genlyon", "Gaël", "Médecine générale", "Lyon", "69", "69001"),
    ("Genparis", "Paule", "Médecine générale", "Paris", "75", "75011"),
    ("Psy", "Pierre", "Psychiatrie", "Lyon", "69", "69002"),
    ("Pedia", "Paul", "Pédiatrie", "Bordeaux", "33", "33100"),
    ("Ophta", "Odile", "Ophtalmologie", "Paris", "75", "75012"),
    ("Gyneco", "Gina", "Gynécologie-obstétrique", "Paris", "75", "75013"),
    ("Gynmed", "Marie", "Gynécologie médicale", "Lyon", "69", "69004"),
    (
        "Oreille",
        "Olivier",
        "Oto-rhino-laryngologie et chirurgie cervico-faciale",
        "Paris",
        "75",
        "75014",
    ),
    ("Lyonnet", "Luc", "Médecine générale", "Paris", "75", "75015"),
]


@pytest.fixture
def roll() -> None:
    for last, first, specialty, city, department, postcode in ROLL:
        DoctorFactory(
            last_name=last,
            first_name=first,
            specialty=specialty,
            city=city,
            department=department,
            postcode=postcode,
        )


def last_names(text: str) -> list[str]:
    return sorted(entry.last_name for entry in directory_search(text=text).entries)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cardiologue", ["Cardio"]),
        ("Dermatologue", ["Derme"]),
        ("généraliste", ["Genlyon", "Genparis", "Lyonnet"]),
        ("GENERALISTE", ["Genlyon", "Genparis", "Lyonnet"]),
        ("psychiatre", ["Psy"]),
        ("pédiatre", ["Pedia"]),
        ("pediatre", ["Pedia"]),
        ("ophtalmo", ["Ophta"]),
        ("gynéco", ["Gyneco", "Gynmed"]),
        ("gyneco obstetricien", ["Gyneco"]),
        ("ORL", ["Oreille"]),
        ("orl", ["Oreille"]),
        ("Dr cardiologue", ["Cardio"]),
    ],
)
def test_everyday_specialty_names_find_doctors_of_that_specialty(roll, typed, expected):
    assert last_names(typed) == expected


def test_medecin_generaliste_lyon_finds_general_practitioners_in_lyon(roll):
    # Not the psychiatrist of Lyon, not Dr Lyonnet in Paris.
    assert last_names("médecin généraliste Lyon") == ["Genlyon"]
    assert last_names("Docteur généraliste lyon") == ["Genlyon"]
    parsed = parse_query(
        "médecin généraliste Lyon",
        vocabulary=current_vocabulary(roll_specialties=["Médecine générale"]),
    )
    assert parsed.specialties == ("medecine generale",)
    assert parsed.words == ()
    assert [(town.department, town.words) for town in parsed.towns] == [("69", ("lyon",))]


def test_departement_names_and_codes_are_place_filters(roll):
    assert last_names("pédiatre Gironde") == ["Pedia"]
    assert last_names("pediatre 33") == ["Pedia"]
    assert last_names("cardiologue gironde") == []
    assert last_names("généraliste Rhône") == ["Genlyon"]
    assert parse_query("psychiatre Bouches-du-Rhône").departments == ("13",)


def test_remaining_words_are_name_words(roll):
    assert last_names("généraliste genparis") == ["Genparis"]
    assert last_names("lyonnet") == ["Lyonnet"]
    assert last_names("cardiologue genparis") == []


@pytest.mark.parametrize(
    ("typed", "register"),
    [
        ("kiné", "l’Ordre des masseurs-kinésithérapeutes"),
        ("Kinésithérapeute Lyon", "l’Ordre des masseurs-kinésithérapeutes"),
        ("infirmière", "l’Ordre national des infirmiers"),
        ("dentiste", "l’Ordre national des chirurgiens-dentistes"),
        ("sage-femme", "l’Ordre des sages-femmes"),
        ("pharmacien 33", "l’Ordre national des pharmaciens"),
        ("ostéopathe", "agence régionale de santé"),
        ("psychologue", "cherchez «\u00a0psychiatre\u00a0»"),
    ],
)
def test_other_professions_find_nobody_and_say_where_to_look(roll, typed, register):
    page = directory_search(text=typed)
    assert page.entries == []
    assert register in page.notice
    assert "annuaire.sante.fr" in page.notice


def test_kine_line_is_the_expected_sentence(roll):
    assert directory_search(text="kiné").notice == (
        "Les masseurs-kinésithérapeutes ne sont pas inscrits à l’Ordre des médecins\u00a0: "
        "consultez l’annuaire santé (annuaire.sante.fr) ou l’Ordre des masseurs-kinésithérapeutes."
    )
    assert directory_search(text="cardiologue").notice == ""


def test_the_page_shows_the_notice(client, roll):
    response = client.get("/annuaire/", {"q": "kiné"})
    assert response.status_code == 200
    assert "annuaire.sante.fr" in response.content.decode()


def test_terms_with_no_specialty_in_common_find_nobody(roll):
    assert last_names("cardiologue pédiatre") == []
    assert directory_search(text="cardiologue pédiatre").notice == ""


def test_the_shipped_vocabulary_covers_every_specialty_of_the_roll_data():
    shipped = set(SpecialtyVocabulary.objects.values_list("name", flat=True))
    assert {name for name, _ in SPECIALTIES} <= shipped
    assert all(row.terms() for row in SpecialtyVocabulary.objects.all())


def test_staff_terms_are_used_after_a_save_and_dropped_after_a_delete(roll):
    assert last_names("cœur") == []
    row = SpecialtyVocabulary.objects.get(name="Cardiologie et maladies vasculaires")
    row.everyday_names += "\nmédecin du cœur"
    services.specialty_vocabulary_save(vocabulary=row)
    assert last_names("médecin du coeur") == ["Cardio"]
    services.specialty_vocabulary_delete(vocabulary=row)
    # The roll's own name still works without its row.
    assert last_names("médecin du coeur") == []
    assert last_names("cardiologie et maladies vasculaires") == ["Cardio"]


def test_the_vocabulary_is_read_once_per_version(django_assert_num_queries, roll):
    specialties = ["Pédiatrie"]
    first = current_vocabulary(roll_specialties=specialties)
    with django_assert_num_queries(0):  # the version comes from the cache
        assert current_vocabulary(roll_specialties=specialties) is first
    services.vocabulary_version_bump()
    with django_assert_num_queries(2):  # the new version, then the rows
        second = current_vocabulary(roll_specialties=specialties)
    assert second is not first
    # Another roll specialty list (a roll import): rebuilt too.
    assert current_vocabulary(roll_specialties=["Urologie"]) is not second


def test_a_search_reads_no_vocabulary_once_warm(django_assert_num_queries, roll):
    directory_search(text="cardiologue lyon")
    with django_assert_num_queries(2):  # the matching keys, then the public rows
        assert last_names("cardiologue lyon") == ["Cardio"]


def test_admin_saves_through_the_service(client, roll):
    force_mfa_login(client, UserFactory.create(email="annuaire@ordre.test", staff=True))
    response = client.post(
        "/admin/directory/specialtyvocabulary/add/",
        {"name": "Spécialité inconnue", "everyday_names": "inconnologue", "abbreviations": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "exactement comme au tableau" in response.content.decode()
    assert SpecialtyVocabulary.objects.filter(name="Spécialité inconnue").exists()
    assert last_names("inconnologue") == []  # the term is known; nobody has the specialty
    assert parse_query(
        "inconnologue", vocabulary=current_vocabulary(roll_specialties=[])
    ).specialties == ("specialite inconnue",)


def test_vocabulary_build_folds_accents_case_and_punctuation():
    vocabulary = vocabulary_build(entries=[("Pédiatrie", ["Pédiatre", "PÉDIATRE-enfant"])])
    assert vocabulary.specialties[("pediatre",)] == frozenset({"pediatrie"})
    assert vocabulary.specialties[("pediatre", "enfant")] == frozenset({"pediatrie"})
    assert vocabulary.specialties[("pediatrie",)] == frozenset({"pediatrie"})


def test_the_api_gives_the_notice(client, roll):
    body = client.get("/api/v1/annuaire/", {"q": "dentiste"}).json()
    assert body["results"] == []
    assert "chirurgiens-dentistes" in body["notice"]
    assert client.get("/api/v1/annuaire/", {"q": "orl"}).json()["notice"] == ""
