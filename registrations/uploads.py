"""The vault's encrypting upload handler, for an applicant's documents.

Same streaming encryption and storage as the vault; only PDF, JPEG and PNG up to
REGISTRATIONS_MAX_FILE_BYTES, kept under their own prefix in the vault storage.
"""

from typing import Any

from django.conf import settings

from vault.uploads import VaultUploadHandler

STORAGE_PREFIX = "registrations/"


class RegistrationUploadHandler(VaultUploadHandler):
    def _owner_allowed(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(user is not None and user.is_authenticated)

    def sink_options(self, user: Any) -> dict[str, Any]:
        return {
            "max_bytes": settings.REGISTRATIONS_MAX_FILE_BYTES,
            # No quota here: the per-file limit and the document count bound a request.
            "quota_left": settings.REGISTRATIONS_MAX_FILE_BYTES,
            "allowed_types": settings.REGISTRATIONS_ALLOWED_TYPES,
            "name_prefix": STORAGE_PREFIX,
        }
