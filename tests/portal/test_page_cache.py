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
