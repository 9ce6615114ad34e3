"""How an exemption request's supporting documents are uploaded: the vault's staging handler.

Same streaming encryption and storage as the vault; a doctor linked to their roll entry, PDF,
JPEG and PNG up to MAX_FILE_BYTES, at most MAX_FILES per sending, kept under the model's own
prefix in the vault storage.
"""

from typing import Any

from exemptions.models import ExemptionDocument
from vault.uploads import UploadLimits, UploadPolicy

MAX_FILE_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = ("pdf", "jpeg", "png")
MAX_FILES = 3
# Documents one request may hold in all (added with the request, or later while it waits).
MAX_DOCUMENTS = 6


def _limits(user: Any) -> UploadLimits:
    # No quota: the per-file limit and the document count bound a request.
    return UploadLimits(max_bytes=MAX_FILE_BYTES, quota_left=None, allowed_types=ALLOWED_TYPES)


EXEMPTION_UPLOADS = UploadPolicy(
    may_upload=lambda request: request.user.is_authenticated and request.user.is_claimed_doctor,
    limits=_limits,
    storage_prefix=ExemptionDocument.storage_prefix,
    max_files=MAX_FILES,
)
