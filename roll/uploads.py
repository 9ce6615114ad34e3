"""The vault's encrypting upload handler, for a change request's supporting document.

Same streaming encryption and storage as the vault; only PDF, JPEG and PNG up to
MAX_FILE_BYTES, kept under their own prefix in the vault storage (out of reach of the vault's
orphan clean-up of "v1/").
"""

from typing import Any

from vault.uploads import VaultUploadHandler

STORAGE_PREFIX = "roll-changes/"
MAX_FILE_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = ("pdf", "jpeg", "png")


class ChangeUploadHandler(VaultUploadHandler):
    def _owner_allowed(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(
            user is not None and user.is_authenticated and getattr(user, "is_claimed_doctor", False)
        )

    def sink_options(self, user: Any) -> dict[str, Any]:
        return {
            "max_bytes": MAX_FILE_BYTES,
            # No quota: one document per request, bounded by the per-file limit.
            "quota_left": MAX_FILE_BYTES,
            "allowed_types": ALLOWED_TYPES,
            "name_prefix": STORAGE_PREFIX,
        }
