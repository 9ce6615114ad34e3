"""Production: HTTPS only, secrets from the environment, nothing silently defaulted."""

from pathlib import Path
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.base import DATABASES, LOGGING, env
from portal.settings.startup_checks import production_problems

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + ", ".join(missing)
        + " (see docs/configuration.md)."
    )

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS]
)

# Forwarded requests without TRUSTED_PROXY_COUNT are refused (portal/proxy.py).
MIDDLEWARE = [
    "portal.proxy.TrustedProxyRequiredMiddleware",
    *MIDDLEWARE,  # noqa: F405
]
# Persistent database connections: a new PostgreSQL connection per request cost more than
# most pages' own work (bench/web.py). Each gunicorn sync worker keeps one connection for up to
# CONN_MAX_AGE seconds, checked before reuse after an error or a restart of the server. Behind
# PgBouncer in transaction mode, set DATABASE_DISABLE_SERVER_SIDE_CURSORS=True
# (docs/deployment.md).
# A new dictionary: the base module's stays as development and tests left it.
DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=600),
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": env.bool(
            "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
        ),
    },
}
# The same check without its round trip while the connection is quiet (portal/postgresql).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "portal.postgresql"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "vault": VAULT_STORAGE_BACKEND,  # noqa: F405
}

# The API schema and its browsable docs are for logged-in users only.
SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,  # noqa: F405
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# collectstatic's target: the image builds it in place; `make smoke` uses a temporary folder.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(STATIC_ROOT)))  # noqa: F405

# One JSON object per line on stdout (portal/logging_json.py): request id, user id, task id;
# secrets in URLs redacted, nothing else copied from a record unless allow-listed.
# LOG_FORMAT=plain keeps the development format (e.g. reading logs in a terminal).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    **LOGGING,
    "formatters": {
        **cast(dict[str, Any], LOGGING["formatters"]),
        "json": {"()": "portal.logging_json.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# Celery workers and beat log through the same handler instead of replacing the root logger.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Last: nothing unsafe left at a development default, on every start (A1 #5).
problems = production_problems(globals())
if problems:
    raise ImproperlyConfigured(
        "Production refuses to start:\n- "
        + "\n- ".join(problems)
        + "\n(see docs/configuration.md)."
    )
