"""Production's JSON logs: one object per line, request and user ids, no secrets nor content."""

import json
import logging
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.logging_json import JsonFormatter
from portal.request_id import HEADER, RequestIdMiddleware, current_request_id
from tests.factories import UserFactory


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    log_record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, message, args, None)
    log_record.__dict__.update(extra)
    return log_record


def formatted(log_record: logging.LogRecord) -> dict:
    line = JsonFormatter().format(log_record)
    assert "\n" not in line
    return json.loads(line)


def test_one_json_object_with_the_fixed_fields():
    entry = formatted(record("Vault document %s stored", "abc"))
    assert entry["message"] == "Vault document abc stored"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "portal.test"
    assert entry["time"].endswith("+00:00")
    assert "request_id" not in entry
    assert "user_id" not in entry


def test_secrets_in_urls_are_redacted():
    entry = formatted(
        record(
            "GET /compte/confirm-email/MjQ:1tZ-secret-key/ then /reset?token=abc123&next=/espace/"
        )
    )
    assert "1tZ-secret-key" not in entry["message"]
    assert "abc123" not in entry["message"]
    assert "/compte/confirm-email/[redacted]/" in entry["message"]


def test_only_allow_listed_extras_are_copied():
    entry = formatted(
        record(
            "upload refused",
            document_id="d0c",
            status_code=413,
            request=object(),
            content=b"%PDF secret medical content",
            password="hunter2-hunter2",
            headers={"Cookie": "sessionid=abc"},
        )
    )
    assert entry["document_id"] == "d0c"
    assert entry["status_code"] == 413
    text = json.dumps(entry)
    for leaked in ("medical content", "hunter2", "sessionid", "request"):
        assert leaked not in text


def test_exceptions_are_included_and_redacted():
    try:
        raise ValueError("bad link /password/reset/key/1-abcdef-secret/")
    except ValueError:
        log_record = record("boom")
        log_record.exc_info = sys.exc_info()
    entry = formatted(log_record)
    assert "ValueError" in entry["exception"]
    assert "abcdef-secret" not in entry["exception"]


@pytest.mark.django_db
def test_request_id_and_user_id_are_in_lines_logged_during_a_request():
    user = UserFactory.create(email="log@exemple.test")
    lines: list[dict] = []

    def view(request):
        # What AuthenticationMiddleware leaves once something has read request.user.
        request._cached_user = user
        lines.append(formatted(record("inside the view")))
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers={HEADER: "proxy-id-12345678"})
    response = RequestIdMiddleware(view)(request)
    assert response[HEADER] == "proxy-id-12345678"
    assert lines[0]["request_id"] == "proxy-id-12345678"
    assert lines[0]["user_id"] == user.pk
    assert current_request_id() is None  # nothing leaks into the next request


def test_an_unusable_incoming_id_is_replaced():
    seen: list[str | None] = []

    def view(request):
        seen.append(current_request_id())
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers={HEADER: "bad id\nwith newline"})
    response = RequestIdMiddleware(view)(request)
    assert seen[0] == response[HEADER]
    assert len(response[HEADER]) == 32
    formatted_line = formatted(record("outside"))
    assert "user_id" not in formatted_line


def test_production_logging_uses_the_json_formatter(monkeypatch):
    """portal.settings.production wires the formatter to the console handler."""
    from tests.production_env import import_production_settings

    production = import_production_settings(
        monkeypatch,
        SECRET_KEY="k" * 30 + "abcdefghijklmnopqrstuvwxyz0123",
        ALLOWED_HOSTS="portail.example.org",
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
    )
    handler = production.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert production.LOGGING["formatters"]["json"]["()"] == "portal.logging_json.JsonFormatter"
    assert "redact_secrets" in handler["filters"]
    assert production.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
