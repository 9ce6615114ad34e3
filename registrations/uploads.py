"""How an applicant's documents are uploaded: the vault's staging handler, under this policy.

Same streaming encryption and storage as the vault; any logged-in account (the applicant has
no roll entry yet), only PDF, JPEG and PNG up to REGISTRATIONS_MAX_FILE_BYTES, kept under the
model's own prefix in the vault storage.
"""

from typing import Any

from django.conf import settings

from registrations.models import RegistrationDocument
from vault.uploads import UploadLimits, UploadPolicy


def _limits(user: Any) -> UploadLimits:
    # No quota here: the per-file limit and the document count bound a request.
    return UploadLimits(
        max_bytes=settings.REGISTRATIONS_MAX_FILE_BYTES,
        quota_left=None,
        allowed_types=settings.REGISTRATIONS_ALLOWED_TYPES,
    )


REGISTRATION_UPLOADS = UploadPolicy(
    may_upload=lambda request: request.user.is_authenticated,
    limits=_limits,
    storage_prefix=RegistrationDocument.storage_prefix,
)
