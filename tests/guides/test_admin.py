"""Staff in admin: edit with preview, workflow, history, diff, restore, the assistant's reports."""

import pytest
from django.urls import reverse

from guides import services
from guides.models import (
    AssistantFeedback,
    SearchIndexState,
    Sheet,
    SheetStatus,
    Synonym,
    UnansweredQuestion,
)
from tests.factories import GuideFactory, SheetFactory

pytestmark = pytest.mark.django_db


def form_data(sheet: Sheet, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "guide": sheet.guide_id,
        "slug": sheet.slug,
        "title": sheet.title,
        "summary": sheet.summary,
        "position": sheet.position,
        "body_markdown": sheet.body_markdown,
        "key_points": "\n".join(sheet.key_points),
        "legal_references": "\n".join(sheet.legal_references),
        "related": [],
    }
    data.update(changes)
    return data


def test_editing_in_admin_keeps_a_revision_and_marks_the_sheet(staff_client, staff_user):
    sheet = SheetFactory()
    url = reverse("admin:guides_sheet_change", args=[sheet.pk])
    response = staff_client.post(
        url,
        form_data(sheet, body_markdown="## Nouveau\n\nTexte revu.", key_points="Un\nDeux\n"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet.refresh_from_db()
    assert sheet.body_markdown == "## Nouveau\n\nTexte revu."
    assert sheet.key_points == ["Un", "Deux"]
    assert sheet.edited_by_staff
    revision = sheet.revisions.get()
    assert (revision.author, revision.body_markdown) == (staff_user, sheet.body_markdown)


def test_adding_a_sheet_in_admin_starts_as_a_draft(staff_client):
    guide = GuideFactory()
    sheet = Sheet(guide=guide, slug="nouvelle", title="Nouvelle fiche", body_markdown="Texte")
    response = staff_client.post(reverse("admin:guides_sheet_add"), form_data(sheet))
    assert response.status_code == 302
    created = Sheet.objects.get(slug="nouvelle")
    assert created.status == SheetStatus.DRAFT
    assert created.revisions.count() == 1


def test_change_form_shows_a_sanitised_preview_and_links(staff_client):
    sheet = SheetFactory(body_markdown="## Partie\n\n<script>alert(1)</script>**gras**")
    html = staff_client.get(reverse("admin:guides_sheet_change", args=[sheet.pk])).content
    html = html.decode()
    assert '<div class="guides-preview"><h2 id="partie">Partie</h2>' in html
    assert "<strong>gras</strong>" in html
    assert "<script>alert(1)" not in html
    assert reverse("admin:guides_sheet_versions", args=[sheet.pk]) in html

    preview = staff_client.get(reverse("admin:guides_sheet_preview", args=[sheet.pk]))
    assert preview.status_code == 200
    assert "<script>alert(1)" not in preview.content.decode()


def test_workflow_from_the_versions_page(staff_client):
    sheet = SheetFactory()
    url = reverse("admin:guides_sheet_transition", args=[sheet.pk])
    page = staff_client.get(reverse("admin:guides_sheet_versions", args=[sheet.pk]))
    assert "En relecture" in page.content.decode()

    staff_client.post(url, {"status": "published"})  # not allowed from a draft
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    staff_client.post(url, {"status": "review"})
    staff_client.post(url, {"status": "published"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    # Opened with GET (a reload, the history): back to the versions page, not a blank 405.
    response = staff_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guides_sheet_versions", args=[sheet.pk])


def test_workflow_actions_on_the_list(staff_client):
    sheets = [SheetFactory(), SheetFactory()]
    changelist = reverse("admin:guides_sheet_changelist")
    for action in ("move_to_review", "move_to_published"):
        staff_client.post(
            changelist,
            {"action": action, "_selected_action": [s.pk for s in sheets]},
        )
    assert set(Sheet.objects.values_list("status", flat=True)) == {SheetStatus.PUBLISHED}


def test_compare_two_revisions_shows_an_escaped_diff(staff_client):
    sheet = services.sheet_create(
        guide=GuideFactory(), slug="d", title="T", body_markdown="ligne stable\nancienne ligne"
    )
    sheet.body_markdown = "ligne stable\n<script>nouvelle</script> ligne"
    services.sheet_save(sheet=sheet, author=None, by_staff=True)
    response = staff_client.get(
        reverse("admin:guides_sheet_compare", args=[sheet.pk]), {"a": "1", "b": "2"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="diff"' in html
    assert "ancienne" in html
    assert "&lt;script&gt;nouvelle" in html
    assert "<script>nouvelle" not in html

    same = staff_client.get(
        reverse("admin:guides_sheet_compare", args=[sheet.pk]), {"a": "1", "b": "1"}
    )
    assert same.status_code == 302


def test_restore_from_admin(staff_client):
    sheet = services.sheet_create(
        guide=GuideFactory(), slug="r", title="Avant", body_markdown="avant"
    )
    sheet.title, sheet.body_markdown = "Après", "après"
    services.sheet_save(sheet=sheet, author=None, by_staff=True)
    url = reverse("admin:guides_sheet_restore", args=[sheet.pk, 1])
    # Opened with GET (a reload, the history): back to the versions page, not a blank 405.
    response = staff_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:guides_sheet_versions", args=[sheet.pk])
    assert staff_client.post(url).status_code == 302
    sheet.refresh_from_db()
    assert (sheet.title, sheet.body_markdown) == ("Avant", "avant")
    assert sheet.revisions.count() == 3


def test_history_is_read_only(staff_client):
    sheet = SheetFactory()
    services.sheet_save(sheet=sheet, author=None, by_staff=True)
    revision = sheet.revisions.get()
    url = reverse("admin:guides_sheetrevision_change", args=[revision.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"title": "x"}).status_code == 403


def test_unanswered_questions_and_feedback_stats_in_admin(staff_client, loaded):
    services.unanswered_question_record(text="Où garer ma voiture ?")
    services.unanswered_question_record(text="Où garer ma voiture ?")
    sheet = loaded["cabinet/messagerie"]
    for helpful in (True, True, False):
        services.feedback_record(question="mail", helpful=helpful, sheet=sheet, answered=True)

    unanswered = staff_client.get(reverse("admin:guides_unansweredquestion_changelist"))
    html = unanswered.content.decode()
    assert "Où garer ma voiture ?" in html
    assert '<td class="field-count">2</td>' in html

    sheets = staff_client.get(reverse("admin:guides_sheet_changelist")).content.decode()
    assert '<td class="field-helpful_count">2</td>' in sheets
    assert '<td class="field-unhelpful_count">1</td>' in sheets
    assert staff_client.get(reverse("admin:guides_assistantfeedback_changelist")).status_code == 200
    assert AssistantFeedback.objects.count() == 3
    assert UnansweredQuestion.objects.get().count == 2


def test_synonym_saved_in_admin_refreshes_the_index(staff_client):
    before = SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first()
    response = staff_client.post(
        reverse("admin:guides_synonym_add"), {"term": "ordonnance", "equivalents": "prescription"}
    )
    assert response.status_code == 302
    assert Synonym.objects.get(term="ordonnance").equivalent_list() == ["prescription"]
    assert SearchIndexState.objects.get(pk=1).version != before


def test_admin_requires_mfa(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:guides_sheet_changelist"))
    assert response.status_code == 302


def test_preview_without_saving(staff_client):
    sheet = SheetFactory(body_markdown="Texte enregistré")
    url = reverse("admin:guides_sheet_change", args=[sheet.pk])
    response = staff_client.post(
        url,
        form_data(
            sheet, body_markdown="## Brouillon\n\nTexte <script>x()</script>en cours", _preview="1"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "rien n’est encore enregistré" in html
    assert '<h2 id="brouillon">Brouillon</h2>' in html
    assert "<script>x()" not in html
    sheet.refresh_from_db()
    assert sheet.body_markdown == "Texte enregistré"
    assert sheet.revisions.count() == 0

    # A new sheet can be previewed before its first save too.
    new = Sheet(guide=sheet.guide, slug="neuve", title="Neuve", body_markdown="Essai")
    response = staff_client.post(reverse("admin:guides_sheet_add"), form_data(new, _preview="1"))
    assert response.status_code == 200
    assert not Sheet.objects.filter(slug="neuve").exists()

    # Invalid input: the form comes back with its errors, nothing saved.
    response = staff_client.post(url, form_data(sheet, title="", _preview="1"))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.title
