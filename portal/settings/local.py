"""Development on one machine: `make run`. SQLite, console email, in-process tasks by default."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env
from portal.settings.components.vault import (
    VAULT_KEY_PROVIDER,
    VAULT_KEYS,
    vault_development_keys,
)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="local-development-only-not-secret-7f3a9c1e5b2d8f4a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# A development key-encryption key derived from the development SECRET_KEY (never in production).
if not VAULT_KEYS and VAULT_KEY_PROVIDER == "local":
    VAULT_KEYS, VAULT_ACTIVE_KEY = vault_development_keys(SECRET_KEY)

# The default SQLite database and media live under var/, created on first use.
VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
