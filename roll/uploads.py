"""How a change request's supporting document is uploaded: the vault's staging handler.

Same streaming encryption and storage as the vault; a doctor linked to their roll entry, one
file, only PDF, JPEG and PNG up to MAX_FILE_BYTES, kept under the model's own prefix in the
vault storage.
"""

from typing import Any

from roll.models import ChangeRequestDocument
from vault.uploads import UploadLimits, UploadPolicy

MAX_FILE_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = ("pdf", "jpeg", "png")


def _limits(user: Any) -> UploadLimits:
    # No quota: one document per request, bounded by the per-file limit.
    return UploadLimits(max_bytes=MAX_FILE_BYTES, quota_left=None, allowed_types=ALLOWED_TYPES)


CHANGE_UPLOADS = UploadPolicy(
    may_upload=lambda request: request.user.is_authenticated and request.user.is_claimed_doctor,
    limits=_limits,
    storage_prefix=ChangeRequestDocument.storage_prefix,
    max_files=1,
)
