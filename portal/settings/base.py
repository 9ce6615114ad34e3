"""Settings shared by every environment.

Everything that varies between machines is read from the environment (django-environ);
docs/configuration.md lists each variable. Environment modules (local, test, production)
import this one and override only what differs.
"""

from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF

from portal.settings.components.psc import (
    PSC_DEFAULT_SCOPE,
    PSC_PROVIDER_ID,
    psc_form_action_origins,
    psc_provider_settings,
)
from portal.settings.public_address import site_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Secrets and hosts: no default here; local/test provide development values and
# production refuses to start without them.
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Django's widget templates, for FORM_RENDERER below.
    "django.forms",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
]
LOCAL_APPS = [
    "portal",
    "accounts",
    "roll",
    "cotisations",
    "exemptions",
    "appregister",
    "debits",
    "vault",
    "guides",
    "ereputation",
    "directory",
    "registrations",
    "councils",
    "contact",
    "legal",
    "psc",
    "privacy",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the HTTPS redirect and static files, before everything a stored page does not need.
    "portal.page_cache.PublicPageCacheMiddleware",
    "portal.personal_cache.PersonalPageCacheMiddleware",
    "portal.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.http.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # French dates, times, sizes and plurals in every template (emails and PDFs too).
            "builtins": ["portal.templatetags.french"],
        },
    },
]
# Widgets render through TEMPLATES, so that templates/ can override a widget's template
# (templates/admin/widgets/split_datetime.html labels the admin's date and time inputs).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The client's address behind the HTTPS proxy (docs/deployment.md): how many proxies of ours
# append to X-Forwarded-For. Every rate limit reads the right-most hop they did not add
# (portal.ratelimit.client_ip; allauth through accounts.adapters, the API through
# portal.throttles). Unset or 0: the header is ignored and REMOTE_ADDR is the client.
# Production refuses requests carrying the header while it is unset (portal.proxy).
TRUSTED_PROXY_COUNT: int | None = env.int("TRUSTED_PROXY_COUNT", default=None)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT or 0

# Cache (sessions, allauth rate limits): Redis when configured, process memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages shared between anonymous visitors (portal.page_cache): seconds in the cache
# (renewed at once when staff publish) and the max-age a reverse proxy or browser may keep them.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
# How long each web process also keeps the pages it answers early (no Redis round trip); a
# publication reaches the other processes that much later. 0: Redis only.
PUBLIC_PAGE_LOCAL_SECONDS = env.int("PUBLIC_PAGE_LOCAL_SECONDS", default=5)
# A logged-in person's everyday pages kept for their session (portal.personal_cache): seconds at
# most, renewed at once when a row they show changes; 0 turns it off.
PERSONAL_PAGE_CACHE_SECONDS = env.int("PERSONAL_PAGE_CACHE_SECONDS", default=300)
# A rendered receipt kept for this long under a hash of its HTML (portal.pdf): the worker renders
# it for the confirmation email, the doctor downloads it soon after; 0 renders every time.
PDF_CACHE_SECONDS = env.int("PDF_CACHE_SECONDS", default=3600)

# Celery: Redis broker when configured, otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With acks_late, a task held by a worker that died goes back to the queue once the visibility
# timeout has passed: it must exceed the longest task (the time limit above).
CELERY_BROKER_TRANSPORT_OPTIONS = env.json(
    "CELERY_BROKER_TRANSPORT_OPTIONS", default={"visibility_timeout": 3600}
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/Paris"

# The portal's identity: the sender named in every email and page, and its public address
# (links in emails, PDFs and the payment provider's return URLs).
SITE_NAME = env.str("SITE_NAME", default="Conseil national de l’Ordre des médecins")
# SITE_URL; VAULT_SITE_URL, PAYMENT_PUBLIC_BASE_URL and REGISTRATIONS_SITE_URL are read for
# one more release (portal/settings/public_address.py).
SITE_URL = site_url()
# The old names as settings, for code not yet moved to SITE_URL (removed with them).
VAULT_SITE_URL = PAYMENT_PUBLIC_BASE_URL = REGISTRATIONS_SITE_URL = SITE_URL

# Email
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Ordre des médecins <ne-pas-repondre@ordre.test>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Authentication
AUTH_USER_MODEL = "accounts.User"
# One backend: allauth's (email login, the admin's included), with the session's user, its roll
# entry and its second-factor flag read in one query (accounts/auth_backends.py).
AUTHENTICATION_BACKENDS = ["accounts.auth_backends.PortalAuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# CNIL délibération 2022-100: at least 12 characters, no common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "doctor_space"

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A code typed on the open page, not a link: signup keeps its `next`, and a new login email
# is confirmed the same way (ACCOUNT_CHANGE_EMAIL, behind reauthentication).
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keeps this session; others are ended (see adapter)
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ordre des médecins] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "send_email": "5/m/key",
    "login": "30/m/ip",
    # Per client, and per (account, client): never per account alone, or anyone could lock a
    # doctor out on purpose (accounts.adapters, docs/security.md "Login failures").
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_NOTIFICATIONS = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
SOCIALACCOUNT_ADAPTER = "psc.adapter.SocialAccountAdapter"
# Pro Santé Connect (the State's OpenID Connect for health professionals), when configured
# (docs/configuration.md#pro-santé-connect): PSC_SERVER_URL is the discovery URL itself, at
# PSC's wallet path.
PSC_CLIENT_ID = env.str("PSC_CLIENT_ID", default="")
PSC_CLIENT_SECRET = env.str("PSC_CLIENT_SECRET", default="")
PSC_SERVER_URL = env.str("PSC_SERVER_URL", default="")
PSC_SCOPE = env.list("PSC_SCOPE", default=PSC_DEFAULT_SCOPE)
# Where PSC sends the doctor back after its logout; the home page by default.
PSC_POST_LOGOUT_REDIRECT_URL = env.str("PSC_POST_LOGOUT_REDIRECT_URL", default="")


if PSC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS[PSC_PROVIDER_ID] = psc_provider_settings(
        client_id=PSC_CLIENT_ID,
        secret=env.str("PSC_CLIENT_SECRET"),
        server_url=env.str("PSC_SERVER_URL"),
        scope=PSC_SCOPE,
    )

MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Ordre des médecins"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False

# Doctor-space session: 30 minutes idle, 12 hours at most (accounts.middleware).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# Claiming a doctor account from the roll.
CLAIM_CODE_TTL = 30 * 60
CLAIM_MAX_ATTEMPTS = 5
CLAIM_RATE_LIMIT = env.str("CLAIM_RATE_LIMIT", default="5/h")

# Contact form submissions per client address and per email address.
CONTACT_RATE_LIMIT = env.str("CONTACT_RATE_LIMIT", default="5/h")

# Internationalisation
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# The project's own wording over a library's French (e.g. one name for passkeys: "clé d'accès").
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# Static files, served by whitenoise
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Security headers that hold everywhere (production adds HTTPS-only ones).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: no inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Pro Santé Connect button and the logout are forms the portal redirects to PSC's hosts.
PSC_FORM_ACTION_ORIGINS = env.list(
    "PSC_FORM_ACTION_ORIGINS", default=psc_form_action_origins(PSC_SERVER_URL)
)
if PSC_CLIENT_ID:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += PSC_FORM_ACTION_ORIGINS

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.throttles.AnonRateThrottle",
        "portal.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "300/min"},
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail de l’Ordre des médecins",
    "DESCRIPTION": "API of the council's portal (doctors, patients, students and interns).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
}

# Logs never carry the secrets that travel in URLs (portal/log_filters.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "portal.log_filters.RedactSecretsFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Services the test-suite must reach (see tests/conftest.py).
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

# Per-app settings (portal/settings/components/<app>.py).
from portal.settings.components.appregister import *  # noqa: E402, F403
from portal.settings.components.cotisations import *  # noqa: E402, F403
from portal.settings.components.debits import *  # noqa: E402, F403
from portal.settings.components.directory import *  # noqa: E402, F403
from portal.settings.components.ereputation import *  # noqa: E402, F403
from portal.settings.components.guides import *  # noqa: E402, F403
from portal.settings.components.legal import *  # noqa: E402, F403
from portal.settings.components.privacy import *  # noqa: E402, F403
from portal.settings.components.registrations import *  # noqa: E402, F403
from portal.settings.components.vault import *  # noqa: E402, F403

STORAGES["vault"] = VAULT_STORAGE_BACKEND  # noqa: F405

# The dues form posts to the portal, which redirects to Stripe's hosted Checkout page:
# browsers hold that redirect to `form-action` too, so Stripe's origin must be allowed.
if PAYMENT_PROVIDER == "stripe":  # noqa: F405
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(STRIPE_CHECKOUT_ORIGIN)  # noqa: F405
