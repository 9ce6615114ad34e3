"""Settings of the vault app (read from the environment where they vary).

Keys: `VAULT_KEYS` lists the key-encryption keys as `id:base64key` pairs separated by commas
(32-byte keys, standard or URL-safe base64) and `VAULT_ACTIVE_KEY` names the one new documents
use. Production has no default (a system check refuses to boot); local and test settings call
`vault_development_keys(SECRET_KEY)` when nothing is configured.
"""

import base64
import hashlib
from pathlib import Path

import environ

env = environ.Env()

VAULT_KEYS: str = env.str("VAULT_KEYS", default="")
VAULT_ACTIVE_KEY: str = env.str("VAULT_ACTIVE_KEY", default="")

# Who wraps the data key of each new document: "local" (a KEK of VAULT_KEYS) or "kms" (a key
# service speaking the AWS KMS API, the trusted third party's; vault/kms.py). VAULT_KMS_KEYS
# names its keys by label, as VAULT_KEYS does: `label:key-id-or-arn,...`; VAULT_ACTIVE_KEY
# names the label new documents use. Empty credentials: boto3's own chain (instance role...).
VAULT_KEY_PROVIDER: str = env.str("VAULT_KEY_PROVIDER", default="local")
VAULT_KMS_KEYS: str = env.str("VAULT_KMS_KEYS", default="")
VAULT_KMS_ENDPOINT_URL: str = env.str("VAULT_KMS_ENDPOINT_URL", default="")
VAULT_KMS_REGION: str = env.str("VAULT_KMS_REGION", default="eu-west-3")
VAULT_KMS_ACCESS_KEY_ID: str = env.str("VAULT_KMS_ACCESS_KEY_ID", default="")
VAULT_KMS_SECRET_ACCESS_KEY: str = env.str("VAULT_KMS_SECRET_ACCESS_KEY", default="")
# Seconds to connect and to read an answer; a download waits at most this for its unwrap.
VAULT_KMS_TIMEOUT: float = env.float("VAULT_KMS_TIMEOUT", default=5.0)

# "local" (files under VAULT_ROOT) or "s3" (any S3-compatible endpoint).
VAULT_STORAGE: str = env.str("VAULT_STORAGE", default="local")
VAULT_ROOT: str = env.str(
    "VAULT_ROOT", default=str(Path(__file__).resolve().parents[3] / "var" / "vault")
)
VAULT_S3_ENDPOINT_URL: str = env.str("VAULT_S3_ENDPOINT_URL", default="")
VAULT_S3_BUCKET: str = env.str("VAULT_S3_BUCKET", default="")
VAULT_S3_ACCESS_KEY_ID: str = env.str("VAULT_S3_ACCESS_KEY_ID", default="")
VAULT_S3_SECRET_ACCESS_KEY: str = env.str("VAULT_S3_SECRET_ACCESS_KEY", default="")
VAULT_S3_REGION: str = env.str("VAULT_S3_REGION", default="us-east-1")

VAULT_QUOTA_BYTES: int = env.int("VAULT_QUOTA_BYTES", default=1024**3)
VAULT_MAX_FILE_BYTES: int = env.int("VAULT_MAX_FILE_BYTES", default=100 * 1024**2)
VAULT_ALLOWED_TYPES: list[str] = env.list(
    "VAULT_ALLOWED_TYPES", default=["pdf", "jpeg", "png", "heic", "docx", "xlsx", "odt", "txt"]
)
VAULT_TRASH_DAYS: int = env.int("VAULT_TRASH_DAYS", default=30)
VAULT_EXPIRY_REMINDER_DAYS: int = env.int("VAULT_EXPIRY_REMINDER_DAYS", default=30)
VAULT_ACCESS_LOG_DAYS: int = env.int("VAULT_ACCESS_LOG_DAYS", default=365)
# Well-formed RPPS numbers a doctor may submit to share a document, per user (docs/vault.md).
VAULT_SHARE_RATE_LIMIT: str = env.str("VAULT_SHARE_RATE_LIMIT", default="20/d")
# An object with no document row older than this is an orphan (an upload that never finished).
VAULT_ORPHAN_GRACE_HOURS: int = env.int("VAULT_ORPHAN_GRACE_HOURS", default=24)


def vault_storage_backend(kind: str = VAULT_STORAGE) -> dict[str, object]:
    """The `STORAGES["vault"]` entry for VAULT_STORAGE; settings modules add it to STORAGES."""
    if kind == "s3":
        return {
            "BACKEND": "vault.storage_s3.S3VaultStorage",
            "OPTIONS": {
                "endpoint_url": VAULT_S3_ENDPOINT_URL or None,
                "bucket_name": VAULT_S3_BUCKET,
                "access_key": VAULT_S3_ACCESS_KEY_ID,
                "secret_key": VAULT_S3_SECRET_ACCESS_KEY,
                "region_name": VAULT_S3_REGION,
            },
        }
    return {"BACKEND": "vault.storage.LocalVaultStorage", "OPTIONS": {"location": VAULT_ROOT}}


def vault_development_keys(secret_key: str) -> tuple[str, str]:
    """A KEK derived from the (development) SECRET_KEY, as `(VAULT_KEYS, VAULT_ACTIVE_KEY)`.

    Never used in production: there, VAULT_KEYS must be set (system check vault.E001).
    """
    key = hashlib.sha256(b"ordre-vault-development-kek\x00" + secret_key.encode()).digest()
    return f"dev:{base64.b64encode(key).decode()}", "dev"


VAULT_STORAGE_BACKEND = vault_storage_backend()
