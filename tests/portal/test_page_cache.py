"""portal.page_cache: public pages shared between anonymous visitors, never personal ones."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from portal.page_cache import public_page_response, public_pages_invalidate
from tests.factories import HubBlockFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_MAX_AGE = 60


def _counting(content: str = "page"):
    calls = []

    def build() -> HttpResponse:
        calls.append(1)
        return HttpResponse(f"{content} {len(calls)}")

    return build, calls


def test_an_anonymous_page_is_built_once_and_says_proxies_may_keep_it(client):
    HubBlockFactory(title="Premier bloc")
    first = client.get("/patients/")
    HubBlockFactory(title="Bloc ajouté sans passer par l'admin")
    second = client.get("/patients/")
    assert first.content == second.content
    assert "Bloc ajouté" not in second.content.decode()
    for response in (first, second):
        assert "public" in response["Cache-Control"]
        assert "max-age=60" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_invalidation_renders_every_public_page_again(client):
    client.get("/patients/")
    HubBlockFactory(title="Bloc publié ensuite")
    public_pages_invalidate()
    assert "Bloc publié ensuite" in client.get("/patients/").content.decode()


def test_the_query_string_is_part_of_the_key():
    build, calls = _counting()
    factory = RequestFactory()
    public_page_response(factory.get("/p/?a=1"), build)
    public_page_response(factory.get("/p/?a=2"), build)
    again = public_page_response(factory.get("/p/?a=1"), build)
    assert len(calls) == 2
    assert again.content == b"page 1"


def test_a_logged_in_person_never_gets_nor_fills_the_shared_page(client):
    client.get("/medecins/")  # the anonymous page is stored
    user = UserFactory.create(email="membre@exemple.test")
    client.force_login(user)
    personal = client.get("/medecins/")
    assert "Aller à mon espace" in personal.content.decode()
    assert "no-store" in personal["Cache-Control"]
    assert "public" not in personal["Cache-Control"]
    client.logout()
    client.cookies.clear()
    anonymous = client.get("/medecins/").content.decode()
    assert "Aller à mon espace" not in anonymous
    assert "Se connecter" in anonymous


@pytest.mark.parametrize(
    "cookie", ["sessionid", "messages"], ids=["session cookie", "message waiting"]
)
def test_a_visitor_with_a_session_or_a_message_gets_a_page_of_their_own(settings, cookie):
    build, calls = _counting()
    factory = RequestFactory()
    public_page_response(factory.get("/p/"), build)
    request = factory.get("/p/")
    request.COOKIES[settings.SESSION_COOKIE_NAME if cookie == "sessionid" else cookie] = "x"
    response = public_page_response(request, build)
    assert len(calls) == 2
    assert response.content == b"page 2"
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_with_a_csrf_token_is_never_shared():
    calls = []

    def build_with_form() -> HttpResponse:
        calls.append(1)
        get_token(request)  # as {% csrf_token %} in a POST form does
        return HttpResponse("form")

    for _ in range(2):
        request = RequestFactory().get("/form/")
        response = public_page_response(request, build_with_form)
    assert len(calls) == 2
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("status", [404, 302, 500])
def test_only_successful_pages_are_stored(status):
    calls = []

    def build() -> HttpResponse:
        calls.append(1)
        return HttpResponse("x", status=status)

    for _ in range(2):
        public_page_response(RequestFactory().get("/x/"), build)
    assert len(calls) == 2


def test_an_api_token_request_is_personal():
    build, calls = _counting()
    factory = RequestFactory()
    public_page_response(factory.get("/p/"), build)
    public_page_response(factory.get("/p/", HTTP_AUTHORIZATION="Token abc"), build)
    assert len(calls) == 2


def test_the_cache_is_off_at_zero_seconds(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    build, calls = _counting()
    for _ in range(2):
        public_page_response(RequestFactory().get("/p/"), build)
    assert len(calls) == 2


def test_a_stored_page_is_answered_before_sessions_and_views_with_the_same_headers(
    client, django_assert_num_queries, monkeypatch
):
    HubBlockFactory(title="Premier bloc")
    rendered = client.get("/patients/")
    # From now on neither the view nor the session may run: the middleware answers first.
    monkeypatch.setattr("portal.views.render", _must_not_run)
    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", _must_not_run
    )
    with django_assert_num_queries(0):
        served = client.get("/patients/")
    assert served.content == rendered.content
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "Cache-Control",
        "Vary",
        "Content-Language",
    ):
        assert served[header] == rendered[header], header
    assert served["X-Request-ID"] != rendered["X-Request-ID"]
    assert "Set-Cookie" not in served


def _must_not_run(*args, **kwargs):
    raise AssertionError("ran for a stored page")


def test_a_page_that_used_its_csp_nonce_is_never_stored(client, monkeypatch):
    import portal.views

    real_render = portal.views.render
    calls = []

    def render_with_nonce(request, *args, **kwargs):
        calls.append(1)
        str(request.csp_nonce)  # as {{ request.csp_nonce }} in an inline script would
        return real_render(request, *args, **kwargs)

    monkeypatch.setattr(portal.views, "render", render_with_nonce)
    client.get("/patients/")
    second = client.get("/patients/")
    assert len(calls) == 2
    assert "public" not in second.get("Cache-Control", "")


def test_a_page_that_shows_a_message_of_its_own_is_not_stored(client, monkeypatch):
    import portal.views

    real_render = portal.views.render
    calls = []

    def render_with_message(request, *args, **kwargs):
        from django.contrib import messages

        calls.append(1)
        messages.info(request, "Un message pour cette personne seulement.")
        return real_render(request, *args, **kwargs)

    monkeypatch.setattr(portal.views, "render", render_with_message)
    client.get("/patients/")
    client.cookies.clear()
    assert "Un message" in client.get("/patients/").content.decode()
    monkeypatch.setattr(portal.views, "render", real_render)
    assert "Un message" not in client.get("/patients/").content.decode()
    assert len(calls) == 2


def test_an_entry_stored_by_the_previous_release_is_rendered_again(client):
    from django.core.cache import cache

    from portal.page_cache import GENERATION_KEY, _key

    cache.set(GENERATION_KEY, 1)
    cache.set(_key(RequestFactory().get("/patients/")), (1, b"ancienne page", "text/html"))
    response = client.get("/patients/")
    assert response.status_code == 200
    assert b"ancienne page" not in response.content
