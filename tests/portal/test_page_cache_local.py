"""portal.page_cache's second tier: each web process keeps the pages it answers early for
PUBLIC_PAGE_LOCAL_SECONDS, so the most asked public pages cost no Redis round trip (W1)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from portal import page_cache
from tests.factories import HubBlockFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 5


@pytest.fixture
def clock(monkeypatch):
    """page_cache's monotonic clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    return now


def _redis_entry():
    return page_cache._key(RequestFactory().get("/patients/"))


def test_a_page_answered_early_is_kept_by_the_process_without_a_round_trip(client, monkeypatch):
    HubBlockFactory(title="Premier bloc")
    rendered = client.get("/patients/")
    client.get("/patients/")  # from Redis, now kept here too
    monkeypatch.setattr(cache, "get_many", _must_not_run)
    served = client.get("/patients/")
    assert served.content == rendered.content
    assert "public" in served["Cache-Control"]
    assert served["X-Request-ID"] != rendered["X-Request-ID"]


def test_staff_publishing_in_this_process_is_seen_at_once(client):
    client.get("/patients/")
    client.get("/patients/")
    HubBlockFactory(title="Bloc publié ensuite")
    page_cache.public_pages_invalidate()
    assert "Bloc publié ensuite" in client.get("/patients/").content.decode()


def test_a_publication_in_another_process_is_seen_once_the_copy_is_old_enough(client, clock):
    client.get("/patients/")
    client.get("/patients/")
    HubBlockFactory(title="Bloc publié ailleurs")
    cache.incr(page_cache.GENERATION_KEY)  # what another web process's invalidation does
    clock[0] += 4.9
    assert "Bloc publié ailleurs" not in client.get("/patients/").content.decode()
    clock[0] += 0.2
    assert "Bloc publié ailleurs" in client.get("/patients/").content.decode()


def test_at_zero_seconds_every_answer_reads_redis(client, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0
    client.get("/patients/")
    client.get("/patients/")
    HubBlockFactory(title="Bloc sans copie locale")
    cache.delete(_redis_entry())
    assert "Bloc sans copie locale" in client.get("/patients/").content.decode()
    assert page_cache._local == {}


def test_a_logged_in_person_never_gets_the_kept_page(client):
    client.get("/patients/")
    client.get("/patients/")
    user = UserFactory.create(email="connectee@exemple.test")
    client.force_login(user)
    response = client.get("/patients/")
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_process_keeps_a_bounded_number_of_pages(monkeypatch):
    monkeypatch.setattr(page_cache, "LOCAL_PAGES", 3)
    for n in range(5):
        page_cache._local_put(f"public-page:{n}", (1, b"page", [], True))
    assert list(page_cache._local) == ["public-page:2", "public-page:3", "public-page:4"]


def _must_not_run(*args, **kwargs):
    raise AssertionError("asked Redis for a page the process keeps")
