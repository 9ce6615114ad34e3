"""Revisions, the publication workflow, restoring, and loading the shipped content."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from guides import services
from guides.loading import guides_load
from guides.models import SearchIndexState, Sheet, SheetRevision, SheetStatus
from tests.factories import GuideFactory, SheetFactory
from tests.guides.conftest import FIXTURE_CONTENT

pytestmark = pytest.mark.django_db


def test_every_save_keeps_a_revision(staff_user):
    guide = GuideFactory()
    sheet = services.sheet_create(guide=guide, slug="essai", title="Essai", body_markdown="v1")
    sheet.body_markdown = "v2"
    services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)
    sheet.title = "Essai modifié"
    services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)

    revisions = list(sheet.revisions.order_by("number"))
    assert [(r.number, r.body_markdown, r.title) for r in revisions] == [
        (1, "v1", "Essai"),
        (2, "v2", "Essai"),
        (3, "v2", "Essai modifié"),
    ]
    assert revisions[1].author == staff_user
    sheet.refresh_from_db()
    assert sheet.edited_by_staff


def test_workflow_moves_only_along_allowed_edges():
    sheet = SheetFactory()
    with pytest.raises(services.TransitionError):
        services.sheet_transition(sheet=sheet, to_status=SheetStatus.PUBLISHED, author=None)
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.REVIEW, author=None)
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.PUBLISHED, author=None)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert sheet.published_at is not None
    with pytest.raises(services.TransitionError):
        services.sheet_transition(sheet=sheet, to_status=SheetStatus.REVIEW, author=None)
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.DRAFT, author=None)
    assert [r.note for r in sheet.revisions.order_by("number")] == [
        "État : En relecture",
        "État : Publiée",
        "État : Brouillon",
    ]


def test_publishing_changes_the_index_version():
    sheet = SheetFactory(status=SheetStatus.REVIEW)
    before = SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first()
    services.sheet_transition(sheet=sheet, to_status=SheetStatus.PUBLISHED, author=None)
    after = SearchIndexState.objects.get(pk=1).version
    assert after
    assert after != before


def test_restore_brings_back_a_revision_as_a_new_one(staff_user):
    sheet = services.sheet_create(
        guide=GuideFactory(), slug="essai", title="Titre 1", body_markdown="Texte 1"
    )
    sheet.title, sheet.body_markdown = "Titre 2", "Texte 2"
    services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)
    first = sheet.revisions.get(number=1)

    restored = services.sheet_restore(sheet=sheet, revision=first, author=staff_user)

    sheet.refresh_from_db()
    assert (sheet.title, sheet.body_markdown) == ("Titre 1", "Texte 1")
    assert restored.number == 3
    assert restored.note == "Restauration de la version 1"
    assert sheet.revisions.count() == 3


def test_restore_refuses_another_sheets_revision(staff_user):
    sheet, other = SheetFactory(), SheetFactory()
    services.sheet_save(sheet=other, author=None, by_staff=False)
    with pytest.raises(ValidationError):
        services.sheet_restore(sheet=sheet, revision=other.revisions.get(), author=staff_user)


def test_slug_is_unique_within_a_guide_only():
    sheet = SheetFactory(slug="meme")
    SheetFactory(slug="meme")  # another guide
    with pytest.raises(ValidationError):
        services.sheet_create(guide=sheet.guide, slug="meme", title="x", body_markdown="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Sheet.objects.create(guide=sheet.guide, slug="meme", title="x", body_markdown="x")


def test_published_sheet_needs_a_date_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SheetFactory(status=SheetStatus.PUBLISHED, published_at=None)


def test_load_publishes_shipped_sheets_and_is_idempotent():
    report = guides_load(directory=FIXTURE_CONTENT)
    assert sorted(report.created) == ["avis/repondre", "cabinet/messagerie", "cabinet/telephones"]
    assert report.missing_related == ["cabinet/messagerie → cabinet/inexistante"]
    assert set(Sheet.objects.values_list("status", flat=True)) == {SheetStatus.PUBLISHED}
    messagerie = Sheet.objects.get(slug="messagerie")
    assert sorted(s.key for s in messagerie.related.all()) == [
        "avis/repondre",
        "cabinet/telephones",
    ]
    assert messagerie.key_points == ["Utilisez une messagerie sécurisée de santé."]
    revisions = SheetRevision.objects.count()

    again = guides_load(directory=FIXTURE_CONTENT)
    assert again.created == []
    assert again.updated == []
    assert len(again.unchanged) == 3
    assert SheetRevision.objects.count() == revisions


def test_load_never_overwrites_a_sheet_staff_edited(staff_user, tmp_path):
    guides_load(directory=FIXTURE_CONTENT)
    sheet = Sheet.objects.get(slug="telephones")
    sheet.body_markdown = "Texte revu par l’équipe."
    services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)

    # The shipped files change afterwards: untouched sheets follow, the edited one stays.
    content = tmp_path / "content"
    for path in FIXTURE_CONTENT.rglob("*"):
        target = content / path.relative_to(FIXTURE_CONTENT)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text().replace("précautions", "précautions nouvelles"))
    (content / "cabinet" / "02-telephones.md").write_text(
        (FIXTURE_CONTENT / "cabinet" / "02-telephones.md").read_text() + "\nAjout.\n"
    )
    report = guides_load(directory=content)

    assert report.kept_staff_edits == ["cabinet/telephones"]
    assert report.updated == ["cabinet/messagerie"]
    sheet.refresh_from_db()
    assert sheet.body_markdown == "Texte revu par l’équipe."
    messagerie = Sheet.objects.get(slug="messagerie")
    assert "précautions nouvelles" in messagerie.body_markdown
    assert messagerie.status == SheetStatus.PUBLISHED


def test_unanswered_questions_are_counted():
    services.unanswered_question_record(text="Où garer ma voiture ?")
    question = services.unanswered_question_record(text="  où garer  ma VOITURE ?")
    assert question is not None
    assert question.count == 2
    assert services.unanswered_question_record(text="   ") is None


def test_unknown_state_is_refused():
    sheet = SheetFactory()
    with pytest.raises(services.TransitionError):
        services.sheet_transition(sheet=sheet, to_status="archived", author=None)
