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
