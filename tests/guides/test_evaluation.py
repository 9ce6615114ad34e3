"""Quality of the assistant on the shipped guides, and the same answers from any database."""

import importlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from guides import services
from guides.analysis import SynonymMap
from guides.assistant import ask
from guides.content_files import DEFAULT_CONTENT_DIR, read_content
from guides.default_synonyms import DEFAULT_SYNONYMS
from guides.models import Synonym
from tests.guides.evaluation import build_file_index, evaluate

QUESTIONS = Path(__file__).resolve().parent / "eval_questions.json"
REQUIRED = {
    "rgpd": {
        "dossier-patient",
        "prise-de-rendez-vous",
        "messagerie",
        "telephones-tablettes",
        "recherche",
        "telemedecine",
        "droits-des-patients",
        "registre-des-traitements",
        "sous-traitants",
        "violation-de-donnees",
        "securite-cabinet",
        "hebergement-donnees-de-sante",
    },
    "e-reputation": {
        "avis-en-ligne",
        "reponse-aux-avis",
        "diffamation-injure",
        "protection-juridique",
        "fiche-etablissement",
    },
    "patients": {"acceder-a-son-dossier", "donner-un-avis", "teleconsultation"},
    "etudiants": {"premiere-inscription", "remplacements", "donnees-en-stage"},
}
# Questions outside the guides' subject: the assistant must say it has no answer.
OFF_TOPIC = [
    "Quelle est la recette de la tarte aux pommes ?",
    "Quel temps fera-t-il demain à Lyon ?",
    "Comment changer le pneu de ma voiture ?",
    "Qui a gagné le match de football hier soir ?",
    "Quelle est la capitale de l’Australie ?",
    "azerty qsdfgh wxcvbn",
]

needs_content = pytest.mark.skipif(
    not DEFAULT_CONTENT_DIR.is_dir(), reason="guides/content/ is not there yet"
)


@needs_content
def test_shipped_content_has_every_required_sheet():
    shipped = {guide.slug: {sheet.slug for sheet in guide.sheets} for guide in read_content()}
    for guide, sheets in REQUIRED.items():
        assert sheets <= shipped.get(guide, set()), guide


@needs_content
def test_top3_accuracy_is_at_least_90_percent_and_fast():
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    assert len(questions) >= 40
    report = evaluate(QUESTIONS)
    assert report.top3 >= 0.9, report.misses
    assert report.p95_ms < 20


@needs_content
def test_off_topic_questions_get_no_answer():
    index = build_file_index()
    for question in OFF_TOPIC:
        assert not index.search(question).answered, question


def test_migration_ships_the_default_synonyms():
    migration = importlib.import_module("guides.migrations.0002_default_synonyms_and_hub_links")
    assert [(term, [e.strip() for e in eq.split(",")]) for term, eq in migration.SYNONYMS] == [
        (term, list(equivalents)) for term, equivalents in DEFAULT_SYNONYMS
    ]
    assert len(SynonymMap(DEFAULT_SYNONYMS)) > 50


Answers = list[tuple[bool, list[tuple[str, str, str, float]]]]


def _answers_from_database(questions: list[str]) -> Answers:
    # The same synonyms as the file-built reference, whatever an older database holds.
    Synonym.objects.all().delete()
    for term, equivalents in DEFAULT_SYNONYMS:
        services.synonym_save(synonym=Synonym(term=term, equivalents=", ".join(equivalents)))
    call_command("load_guides", verbosity=0)
    answers = []
    for question in questions:
        answer = ask(question, record_unanswered=False)
        answers.append(
            (
                answer.answered,
                [(r.guide, r.sheet, r.url.partition("#")[2], r.score) for r in answer.results],
            )
        )
    return answers


def _answers_from_files(questions: list[str]) -> Answers:
    index = build_file_index()
    answers = []
    for question in questions:
        answer = index.search(question)
        answers.append(
            (
                answer.answered,
                [(r.guide, r.sheet, r.anchor, r.score) for r in answer.results],
            )
        )
    return answers


@needs_content
def test_database_answers_match_the_file_index(db):
    """Whatever the database (run the suite on SQLite and on PostgreSQL), the same answers.

    The index is built in Python from the published sheets: the database only stores them. The
    file-built index is the fixed reference both databases are compared with.
    """
    questions = [item["question"] for item in json.loads(QUESTIONS.read_text("utf-8"))]
    questions += OFF_TOPIC
    assert _answers_from_database(questions) == _answers_from_files(questions)


@needs_content
def test_database_answers_match_on_postgresql(postgres, db):
    test_database_answers_match_the_file_index(db)
