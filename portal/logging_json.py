"""Structured JSON logs for production: one JSON object per line, safe to ship to a log store.

Each line carries the time (UTC), level, logger, message, and when known the request id, the
user id and the Celery task id. Secrets that travel in URLs are redacted (portal.log_filters),
and nothing else a record carries is copied unless its key is on an allow-list of plain
scalar fields: a request object, form data, headers or a document's bytes passed as `extra`
never reach the log store. Importing this module does not import Django (gunicorn's master
process uses the formatter before Django is set up).
"""

import datetime
import json
import logging
import re
from typing import Any

from portal.log_filters import redact
from portal.request_id import current_request_id, current_user_id

# `extra` keys copied into the JSON object: ids, counts, durations, status codes. No free text
# coming from users, no payloads.
SAFE_EXTRA_KEYS = frozenset(
    {
        "status_code",
        "duration_ms",
        "document_id",
        "owner_id",
        "task_name",
        "count",
        "reason",
        "method",
    }
)
# Values under keys that look like secrets are blanked even if a key is allow-listed later.
_SECRET_KEY_NAMES = re.compile(r"pass|secret|token|key|signature|cookie|authorization", re.I)
_MAX_VALUE_CHARS = 200
REDACTED = "[redacted]"


def _current_task_id() -> str | None:
    """The id of the Celery task this worker thread runs, if any (no import cost elsewhere)."""
    import sys

    celery_state = sys.modules.get("celery._state")
    if celery_state is None:
        return None
    task = celery_state.get_current_task()
    task_id = getattr(getattr(task, "request", None), "id", None) if task else None
    return str(task_id) if task_id else None


def _safe_value(key: str, value: Any) -> Any:
    if _SECRET_KEY_NAMES.search(key):
        return REDACTED
    if isinstance(value, bool | int | float) or value is None:
        return value
    return redact(str(value))[:_MAX_VALUE_CHARS]


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON with a fixed, allow-listed set of fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if request_id := current_request_id():
            entry["request_id"] = request_id
        if (user_id := current_user_id()) is not None:
            entry["user_id"] = user_id
        if task_id := _current_task_id():
            entry["task_id"] = task_id
        for key in SAFE_EXTRA_KEYS.intersection(record.__dict__):
            entry[key] = _safe_value(key, record.__dict__[key])
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
