import pytest
from django.db import connection
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_broker_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}


def test_healthz_is_503_when_the_database_fails(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def refused() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_503_once_then_replaced(client, settings, postgres):
    """With CONN_MAX_AGE the connection outlives the request: /healthz's own SELECT 1 is the
    health check, and a dead connection is closed so that the next request opens a new one."""
    import psycopg

    settings.REDIS_URL = ""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{**params, "autocommit": True}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    dead = client.get("/healthz")
    assert dead.status_code == 503
    assert connection.connection is None
    again = client.get("/healthz")
    assert again.status_code == 200
    assert connection.connection.info.backend_pid != pid


@pytest.mark.services
def test_healthz_checks_the_real_broker(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


@pytest.mark.services
def test_healthz_keeps_one_broker_connection_between_checks(client, settings, redis_url):
    import os

    import redis

    settings.REDIS_URL = redis_url
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    observer = redis.Redis.from_url(redis_url)
    try:
        mine = [
            entry
            for entry in observer.client_list()
            if entry["name"] == f"portal-healthz-{os.getpid()}"
        ]
    finally:
        observer.close()
    assert len(mine) == 1


@pytest.mark.services
def test_a_broker_connection_the_server_closed_is_replaced_without_a_false_alarm(
    client, settings, redis_url
):
    """The broker's PING is sent before the database check and read after it; a connection
    the server closed meanwhile (Redis' idle `timeout`, a restart) is replaced, not reported."""
    import os

    import redis

    settings.REDIS_URL = redis_url
    assert client.get("/healthz").status_code == 200
    observer = redis.Redis.from_url(redis_url)
    try:
        name = f"portal-healthz-{os.getpid()}"
        [mine] = [entry for entry in observer.client_list() if entry["name"] == name]
        assert observer.client_kill_filter(_id=mine["id"]) == 1
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": True, "broker": True}
        names = [entry["name"] for entry in observer.client_list()]
        assert names.count(name) == 1
    finally:
        observer.close()


def test_a_broker_that_stops_answering_mid_check_is_503(client, settings, monkeypatch):
    from portal import health

    class Silent:
        def read_response(self):
            raise ConnectionError("reset by peer")

        def disconnect(self):
            pass

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(health, "_broker_ping_send", lambda: Silent())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_carries_the_portal_headers_it_answers_before(client, settings):
    """Answered before portal.headers and the session layers, it still sends their headers."""
    from portal.headers import PERMISSIONS_POLICY

    settings.REDIS_URL = ""
    response = client.get("/healthz", HTTP_X_REQUEST_ID="probe-0001")
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"] == "probe-0001"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
