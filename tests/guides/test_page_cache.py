"""Sheet pages shared from the cache are renewed as soon as staff publish (portal.page_cache)."""

import pytest

from guides import services
from guides.models import SheetStatus
from tests.auth_helpers import force_mfa_login

pytestmark = pytest.mark.django_db

URL = "/guides/cabinet/messagerie/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def test_a_staff_edit_of_a_published_sheet_shows_at_once(
    client, loaded, staff_user, django_capture_on_commit_callbacks
):
    sheet = loaded["cabinet/messagerie"]
    assert "La messagerie sécurisée" in client.get(URL).content.decode()
    sheet.title = "La messagerie sécurisée de santé, revue"
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)
    assert "de santé, revue" in client.get(URL).content.decode()


def test_an_unpublished_sheet_leaves_the_cache_at_once(
    client, loaded, staff_user, django_capture_on_commit_callbacks
):
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_transition(
            sheet=loaded["cabinet/messagerie"], to_status=SheetStatus.DRAFT, author=staff_user
        )
    assert client.get(URL).status_code == 404


def test_a_guide_edited_in_admin_renews_the_pages(
    client, loaded, staff_user, django_capture_on_commit_callbacks
):
    guide = loaded["cabinet/messagerie"].guide
    assert client.get("/guides/").status_code == 200
    force_mfa_login(client, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/guides/guide/{guide.pk}/change/",
            {
                "slug": guide.slug,
                "title": "Le cabinet, titre revu",
                "summary": guide.summary,
                "audiences": guide.audiences,
                "position": guide.position,
                "published": "on",
                "listed": "on",
            },
        )
    client.logout()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "titre revu" in client.get("/guides/").content.decode()


QUESTION = "Puis-je envoyer un compte rendu par mail ?"


def test_an_assistant_answer_is_searched_once_per_question_until_staff_publish(
    client, loaded, staff_user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from guides import assistant

    settings.GUIDES_ANSWER_CACHE_SECONDS = 300
    searches = []
    real_search = assistant._search
    monkeypatch.setattr(
        assistant, "_search", lambda question: searches.append(question) or real_search(question)
    )
    first = client.get("/assistant/", {"q": QUESTION}).content.decode()
    # The same question in other case and spacing is the same question.
    again = client.get("/assistant/", {"q": "  puis-je ENVOYER un compte   rendu par mail ?"})
    assert len(searches) == 1
    assert "La messagerie sécurisée" in first
    assert "puis-je ENVOYER un compte rendu par mail ?" in again.content.decode()
    sheet = loaded["cabinet/messagerie"]
    sheet.title = "La messagerie sécurisée de santé, revue"
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_save(sheet=sheet, author=staff_user, by_staff=True)
    renewed = client.get("/assistant/", {"q": QUESTION}).content.decode()
    assert len(searches) == 2
    assert "de santé, revue" in renewed


def test_an_unanswered_question_from_the_cache_still_reaches_staff(client, loaded, settings):
    from guides.models import UnansweredQuestion

    settings.GUIDES_ANSWER_CACHE_SECONDS = 300
    for _ in range(3):
        client.get("/assistant/", {"q": "prix du carburant cette semaine"})
    assert UnansweredQuestion.objects.get().count == 3


def test_an_answered_question_is_one_stored_page_with_each_visitor_s_own_token(loaded, monkeypatch):
    import re

    from django.conf import settings
    from django.test import Client

    from guides import views

    built = []
    real_page = views._assistant_page
    monkeypatch.setattr(
        views, "_assistant_page", lambda request, form: built.append(1) or real_page(request, form)
    )
    pages, tokens = [], []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get("/assistant/", {"q": QUESTION})
        page = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page)
        assert token is not None
        pages.append(page.replace(token.group(1), ""))
        tokens.append(token.group(1))
        # The page is the visitor's own: no proxy keeps it, and their token is accepted.
        assert "public" not in response.get("Cache-Control", "")
        assert settings.CSRF_COOKIE_NAME in response.cookies
        feedback = visitor.post(
            "/assistant/avis/",
            {
                "question": QUESTION,
                "sheet": "cabinet/messagerie",
                "answered": "True",
                "helpful": "True",
                "csrfmiddlewaretoken": token.group(1),
            },
        )
        assert feedback.status_code == 302
    assert len(built) == 1
    assert pages[0] == pages[1]
    assert tokens[0] != tokens[1]


def test_an_unanswered_question_is_never_a_stored_page(client, loaded):
    from guides.models import UnansweredQuestion

    for _ in range(3):
        client.get("/assistant/", {"q": "prix du gazole cette semaine"})
    assert UnansweredQuestion.objects.get().count == 3
