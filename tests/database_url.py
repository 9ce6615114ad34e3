"""The DATABASE_URL of the configured database, for processes this one starts (a Celery worker
a test starts, a benchmark's scratch database: bench/seed_roll.py), optionally naming another
database on the same server."""

from typing import Any


def database_url(settings_dict: dict[str, Any], *, name: str | None = None) -> str:
    name = name or settings_dict["NAME"]
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"
