"""The test-suite: fast hashing, in-memory email, services only when the environment names them."""

import os
from pathlib import Path

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env
from portal.settings.components.vault import (
    VAULT_KEY_PROVIDER,
    VAULT_KEYS,
    vault_development_keys,
)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="test-only-not-secret-3c9e1a7b5d2f8e4c6a0b")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory, unless the environment names a server: a worker process a test starts sends to
# that test's SMTP sink (the test process itself always gets pytest-django's locmem outbox).
if "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "vault": VAULT_STORAGE_BACKEND,  # noqa: F405
}
if not VAULT_KEYS and VAULT_KEY_PROVIDER == "local":
    VAULT_KEYS, VAULT_ACTIVE_KEY = vault_development_keys(SECRET_KEY)

# Pages rendered for every request: tests change the data a page shows between two requests
# (tests/portal/test_page_cache.py turns the cache on).
PUBLIC_PAGE_CACHE_SECONDS = 0
PUBLIC_PAGE_LOCAL_SECONDS = 0  # tests/portal/test_page_cache_local.py turns it on
PERSONAL_PAGE_CACHE_SECONDS = 0
GUIDES_ANSWER_CACHE_SECONDS = 0  # as the page cache: tests that need it turn it on

# Tests run tasks in-process; the worker integration test switches this off for its own run.
CELERY_TASK_ALWAYS_EAGER = True

# A file, not memory, so that a worker process started by a test sees the same SQLite database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _name = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"test-{_name.name}"))}  # noqa: F405
    _name.parent.mkdir(exist_ok=True)

# Static files come straight from the finders: no collectstatic before the suite.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
