"""portal.postgresql: CONN_HEALTH_CHECKS without a round trip while the connection is quiet,
and the real check as soon as the server has said something (a termination, a notification).

Each test drives its own connection through the request cycle Django's signals run
(`close_if_unusable_or_obsolete` at a request's start and end, the health check before its
first query)."""

import select
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql import base as stock

from portal.postgresql.base import DatabaseWrapper, connection_quiet
from tests.production_env import import_production_settings

pytestmark = pytest.mark.django_db(transaction=True)


def persistent(wrapper_class: type) -> stock.DatabaseWrapper:
    settings_dict = {**connection.settings_dict, "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    return wrapper_class(settings_dict, alias="health-check-test")


@pytest.fixture
def database(postgres: None) -> Iterator[stock.DatabaseWrapper]:
    wrapper = persistent(DatabaseWrapper)
    yield wrapper
    wrapper.close()


class Checks:
    """Counts the real health checks (`SELECT 1` through is_usable) a connection sends."""

    def __init__(self, wrapper: stock.DatabaseWrapper, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent = 0
        real = wrapper.is_usable

        def counted() -> bool:
            self.sent += 1
            return real()

        monkeypatch.setattr(wrapper, "is_usable", counted)


def request(wrapper: stock.DatabaseWrapper) -> int:
    """One request: its start, a query (the backend's pid), its end."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    wrapper.close_if_unusable_or_obsolete()
    return pid


def readable(wrapper: stock.DatabaseWrapper) -> None:
    """Wait until the server's message has reached the socket, as it has by the next request."""
    poller = select.poll()
    poller.register(wrapper.connection.fileno(), select.POLLIN)
    assert poller.poll(5000), "the server's message never arrived"


def other_session(wrapper: stock.DatabaseWrapper) -> psycopg.Connection:
    return psycopg.connect(**{**wrapper.get_connection_params(), "autocommit": True})


def test_a_quiet_connection_is_reused_without_a_check(database, monkeypatch):
    checks = Checks(database, monkeypatch)
    first = request(database)
    assert [request(database) for _ in range(3)] == [first] * 3
    assert checks.sent == 0


def test_the_stock_backend_sends_a_check_per_request(postgres, monkeypatch):
    """What the engine saves: the same requests on Django's backend each send SELECT 1."""
    wrapper = persistent(stock.DatabaseWrapper)
    try:
        checks = Checks(wrapper, monkeypatch)
        request(wrapper)
        for _ in range(3):
            request(wrapper)
        assert checks.sent == 3
    finally:
        wrapper.close()


def test_a_connection_the_server_ended_is_checked_and_replaced(database, monkeypatch):
    checks = Checks(database, monkeypatch)
    first = request(database)
    with other_session(database) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [first])
    readable(database)
    assert not connection_quiet(database.connection)
    again = request(database)  # no error reaches the request
    assert again != first
    assert checks.sent == 1


def test_a_notification_waiting_makes_the_check_run(database, monkeypatch):
    """Something to read is not always a termination: the check runs, finds the connection
    sound, and it is kept."""
    first = request(database)
    with database.cursor() as cursor:
        cursor.execute("LISTEN health_check_test")
    with other_session(database) as other:
        other.execute("NOTIFY health_check_test")
    readable(database)
    checks = Checks(database, monkeypatch)
    assert request(database) == first
    assert checks.sent == 1


def test_a_connection_closed_on_the_client_side_is_not_quiet(database):
    request(database)
    raw = database.connection
    raw.close()
    assert not connection_quiet(raw)


def test_a_connection_inside_a_transaction_is_not_quiet(database):
    request(database)
    raw = database.connection
    raw.autocommit = False
    raw.execute("SELECT 1")  # opens a transaction on the client's side
    assert not connection_quiet(raw)
    raw.rollback()
    raw.autocommit = True
    assert connection_quiet(raw)


def test_production_uses_the_engine_on_postgresql(monkeypatch):
    from portal.settings import base

    database = {"ENGINE": "django.db.backends.postgresql", "NAME": "portal", "HOST": "db"}
    monkeypatch.setattr(base, "DATABASES", {"default": database})
    production = import_production_settings(monkeypatch)
    assert production.DATABASES["default"]["ENGINE"] == "portal.postgresql"
    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 600
    # The running settings (base's dictionary) are left as they were.
    assert database == {"ENGINE": "django.db.backends.postgresql", "NAME": "portal", "HOST": "db"}


def test_production_keeps_another_engine(monkeypatch):
    from portal.settings import base

    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "portal.sqlite3"}
    monkeypatch.setattr(base, "DATABASES", {"default": database})
    production = import_production_settings(monkeypatch)
    assert production.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
