"""The portal's public address: one SITE_URL, the per-app names of before read for a release.

Until A1, the vault, the dues and the registrations each had their own setting for the same
address (`VAULT_SITE_URL`, `PAYMENT_PUBLIC_BASE_URL`, `REGISTRATIONS_SITE_URL`, with different
defaults). Now every link, QR code and provider return URL is built on `SITE_URL`. A deployment
that still sets an old name keeps working for this release: its value is used when SITE_URL is
unset, with a DeprecationWarning at start and the system check portal.W001.
"""

import os
import warnings

DEPRECATED_SITE_URL_NAMES = ("VAULT_SITE_URL", "PAYMENT_PUBLIC_BASE_URL", "REGISTRATIONS_SITE_URL")
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def deprecated_site_url_names(environ: os._Environ[str] | dict[str, str] = os.environ) -> list[str]:
    """The old names set in the environment."""
    return [name for name in DEPRECATED_SITE_URL_NAMES if environ.get(name, "").strip()]


def site_url(environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    """SITE_URL, else the first old name set (warning), else the development default."""
    old = deprecated_site_url_names(environ)
    for name in old:
        warnings.warn(
            f"{name} is deprecated and will be removed in the next release: set SITE_URL "
            "(docs/configuration.md).",
            DeprecationWarning,
            stacklevel=2,
        )
    value = environ.get("SITE_URL", "").strip() or (environ[old[0]].strip() if old else "")
    return (value or DEFAULT_SITE_URL).rstrip("/")
