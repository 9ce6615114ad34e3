"""portal.personal_cache: a person's everyday pages kept for their session, never anyone else's,
and rendered again as soon as something they show changes."""

import datetime
import time

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.middleware import LAST_SEEN_KEY
from cotisations.models import CallStatus, Campaign
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from portal import personal_cache, personal_sources
from portal.personal_cache import personal_page_response, personal_pages_invalidate_all
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.factories import DoctorFactory, UserFactory
from tests.fixtures.vault import use_local_vault
from vault.models import AccessLogEntry
from vault.services import AccessContext, document_store_chunks

pytestmark = pytest.mark.django_db(transaction=True)

SPACE, DUES, VAULT = "/espace/", "/espace/cotisations/", "/espace/coffre/"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture(autouse=True)
def _personal_cache_on(settings, tmp_path):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 300
    use_local_vault(settings, tmp_path / "vault")


def _doctor_client(last_name: str = "Durand") -> tuple[Client, object]:
    doctor = DoctorFactory(last_name=last_name)
    user = UserFactory.create(doctor=doctor)
    enable_totp(user)
    client = Client(HTTP_USER_AGENT=FIREFOX)
    force_mfa_login(client, user)
    return client, user


def _store(user, name: str) -> None:
    document_store_chunks(
        owner=user,
        file_name=name,
        chunks=[b"%PDF-1.7\n" + b"x" * 500 + b"\n%%EOF\n"],
        ctx=AccessContext(actor=user),
    )


def test_a_page_seen_again_comes_from_the_cache_without_a_query(django_assert_num_queries):
    client, _user = _doctor_client()
    client.get(SPACE)  # sets the CSRF cookie a browser has had since the login form
    first = client.get(SPACE)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(SPACE)
    assert again.status_code == 200
    assert again.content == first.content
    # The headers the whole stack set are replayed; the request id is this request's.
    assert "no-store" in again["Cache-Control"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["X-Request-ID"] != first["X-Request-ID"]


def test_another_session_never_gets_the_page_of_the_first():
    client, user = _doctor_client("Durand")
    other, _other_user = _doctor_client("Lefebvre")
    assert "Durand" in client.get(SPACE).content.decode()
    page = other.get(SPACE).content.decode()
    assert "Lefebvre" in page
    assert "Durand" not in page
    # The same person in a second browser renders the page for that browser's session.
    second = Client()
    force_mfa_login(second, user)
    assert "Durand" in second.get(SPACE).content.decode()


def test_a_change_to_a_row_the_page_shows_renders_it_again():
    client, user = _doctor_client()
    _store(user, "avant.pdf")
    assert "avant.pdf" in _kept(client, VAULT)
    _store(user, "apres.pdf")
    assert "apres.pdf" in client.get(VAULT).content.decode()
    assert "Renommé" not in _kept(client, SPACE)
    doctor = user.doctor
    doctor.last_name = "Renommé"
    doctor.save()
    assert "Renommé" in client.get(SPACE).content.decode()


def test_a_payment_recorded_by_staff_shows_on_the_dues_page_at_once():
    client, user = _doctor_client()
    campaign_open_calls(campaign_id=campaign_create(year=datetime.date.today().year).pk)
    call = user.doctor.dues_calls.get()
    unpaid = _kept(client, DUES)
    assert "Payer" in unpaid
    payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method="cheque",
        received_on=datetime.date.today(),
        reference="CHQ-1",
        actor=None,
    )
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    assert client.get(DUES).content.decode() != unpaid


def test_a_campaign_change_makes_every_page_stale():
    client, _user = _doctor_client()
    campaign_open_calls(campaign_id=campaign_create(year=datetime.date.today().year).pk)
    before = _kept(client, DUES)
    campaign = Campaign.objects.get()
    campaign.deadline = campaign.deadline + datetime.timedelta(days=11)
    campaign.save()
    assert client.get(DUES).content.decode() != before


def test_logging_out_or_a_new_password_ends_the_cached_pages():
    client, user = _doctor_client()
    _kept(client, SPACE)
    client.post("/compte/logout/")
    assert client.get(SPACE).status_code == 302
    client, user = _doctor_client()
    _kept(client, SPACE)
    user.set_password("Un-autre-mot-de-passe-2026")
    user.save()
    response = client.get(SPACE)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_the_vault_asks_for_the_second_factor_again_once_it_is_removed():
    client, user = _doctor_client()
    _kept(client, VAULT)
    Authenticator.objects.filter(user=user).delete()
    response = client.get(VAULT)
    assert response.status_code == 302


def test_an_idle_session_is_ended_not_answered_from_the_cache(settings):
    client, _user = _doctor_client()
    _kept(client, SPACE)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(SPACE)
    assert response.status_code == 302
    assert "expiré" in client.get(response["Location"]).content.decode()


def test_each_vault_visit_from_the_cache_is_journalled():
    client, user = _doctor_client()
    _kept(client, VAULT)  # three visits, the last from the cache
    _served_from_cache(client, VAULT)
    views = AccessLogEntry.objects.filter(owner=user, action="view")
    assert views.count() == 4
    # Rendered or from the cache, the same entry: who, from where, with what.
    rows = set(views.values_list("actor_id", "ip_address", "via", "device", "document_name"))
    assert rows == {(user.pk, "127.0.0.1", "web", "Firefox sur Linux", "")}


def test_a_page_with_a_message_is_shown_with_it_and_not_kept():
    factory = RequestFactory()
    user = UserFactory.create()
    calls = []

    def request():  # type: ignore[no-untyped-def]
        req = factory.get(SPACE)
        req.COOKIES["sessionid"] = "s" * 32
        req.user = user
        req.session = {}
        req._messages = FallbackStorage(req)
        return req

    def build(req):  # type: ignore[no-untyped-def]
        def render() -> HttpResponse:
            calls.append(1)
            list(messages.get_messages(req))
            return HttpResponse(f"page {len(calls)}")

        return render

    with_message = request()
    messages.info(with_message, "Enregistré.")
    personal_page_response(with_message, build(with_message))
    plain = request()
    personal_page_response(plain, build(plain))
    again = request()
    assert personal_page_response(again, build(again)).content == b"page 2"
    assert len(calls) == 2


def test_a_new_day_or_a_flushed_token_renders_the_page_again(monkeypatch):
    client, user = _doctor_client()
    _kept(client, SPACE)
    monkeypatch.setattr(personal_cache, "_today", lambda: "2999-01-01")
    with pytest.raises(AssertionError):
        _served_from_cache(client)
    cache.delete(personal_cache._user_key(user.pk))
    with pytest.raises(AssertionError):
        _served_from_cache(client)
    personal_pages_invalidate_all()
    with pytest.raises(AssertionError):
        _served_from_cache(client)
    _served_from_cache(client)


def _served_from_cache(client: Client, path: str = SPACE) -> str:
    """The page, asserting it came from the cache: no query but the vault's journal entry."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries]
    assert all('INSERT INTO "vault_accesslogentry"' in q for q in sql), sql
    return response.content.decode()


def _kept(client: Client, path: str) -> str:
    client.get(path)  # the first visit also sets the CSRF cookie (the login form's, in life)
    client.get(path)
    return _served_from_cache(client, path)


def test_turned_off_nothing_is_kept(settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 0
    client, _user = _doctor_client()
    client.get(SPACE)
    client.get(SPACE)
    with pytest.raises(AssertionError):
        _served_from_cache(client)


def test_every_model_is_owned_shared_or_unseen():
    labels = [model._meta.label for model in personal_sources.watched_models()]
    assert "cotisations.DuesCall" in labels
    assert "mfa.Authenticator" in labels
    assert personal_sources.unassigned(labels) == []
    for label in personal_sources.SHARED | personal_sources.UNSEEN:
        apps.get_model(label)  # a renamed model is caught here


def test_an_owned_row_names_its_people():
    _client, user = _doctor_client()
    _store(user, "piece.pdf")
    document = user.vault_documents.get()
    assert personal_sources.people_of(document) == {user.pk}
    assert personal_sources.people_of(user.doctor) == {user.pk}


def test_calls_opened_in_bulk_show_at_once():
    client, _user = _doctor_client()
    campaign = campaign_create(year=datetime.date.today().year)
    before = _kept(client, DUES)
    campaign_open_calls(campaign_id=campaign.pk)
    assert client.get(DUES).content.decode() != before


class _CountingCache:
    """The cache personal_cache reads, counting its reads (each is one round trip to Redis)."""

    def __init__(self, real) -> None:
        self.real = real
        self.reads: list[list[str]] = []

    def get_many(self, keys):
        self.reads.append(list(keys))
        return self.real.get_many(keys)

    def get(self, key, *args):
        self.reads.append([key])
        return self.real.get(key, *args)

    def __getattr__(self, name):
        return getattr(self.real, name)


def _session_loads(monkeypatch) -> list[str]:
    from django.contrib.sessions.backends.cached_db import SessionStore

    loads: list[str] = []
    real = SessionStore.load

    def counted(self):
        loads.append(self.session_key)
        return real(self)

    monkeypatch.setattr(SessionStore, "load", counted)
    return loads


def test_a_session_this_process_has_seen_is_answered_in_one_read(monkeypatch):
    client, user = _doctor_client()
    _kept(client, DUES)
    counting = _CountingCache(cache)
    monkeypatch.setattr(personal_cache, "cache", counting)
    loads = _session_loads(monkeypatch)
    assert "cotisation" in client.get(DUES).content.decode().lower()
    assert len(counting.reads) == 1
    (read,) = counting.reads
    assert personal_cache._user_key(user.pk) in read  # the person's token, named at once
    assert loads == []  # the session came with it


def test_a_session_seen_first_here_costs_a_second_read_then_one(monkeypatch):
    client, user = _doctor_client()
    _kept(client, DUES)
    personal_cache._session_users.clear()  # as in another web process
    counting = _CountingCache(cache)
    monkeypatch.setattr(personal_cache, "cache", counting)
    client.get(DUES)
    assert len(counting.reads) == 2
    assert counting.reads[1] == [personal_cache._user_key(user.pk)]
    client.get(DUES)
    assert len(counting.reads) == 3


def test_what_the_process_remembers_only_names_a_key_the_session_decides(monkeypatch):
    """Were the process to remember another person for this session, the session read with
    it decides: that person's token is not used, and the page is still this person's."""
    client, user = _doctor_client("Durand")
    _other_client, other = _doctor_client("Lefebvre")
    _kept(client, SPACE)
    session_key = client.cookies[settings_session_cookie()].value
    personal_cache._session_users[session_key] = str(other.pk)
    page = _served_from_cache(client, SPACE)
    assert "Durand" in page
    assert "Lefebvre" not in page
    assert personal_cache._session_users[session_key] == str(user.pk)
    # The other person's pages going stale does not make this one stale, nor the reverse.
    personal_cache.personal_pages_invalidate([other.pk])
    assert "Durand" in _served_from_cache(client, SPACE)


def test_a_session_missing_from_the_cache_is_read_from_the_database(monkeypatch):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    client, _user = _doctor_client()
    _kept(client, SPACE)
    session_key = client.cookies[settings_session_cookie()].value
    cache.delete(KEY_PREFIX + session_key)  # evicted
    loads = _session_loads(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SPACE)
    assert response.status_code == 200
    assert loads == [session_key]
    assert len(queries) == 1  # the session row; the page itself came from the cache
    assert 'FROM "django_session"' in queries[0]["sql"]


def settings_session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME
