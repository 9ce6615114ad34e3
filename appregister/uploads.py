"""How a publisher's evidence documents are uploaded: the vault's staging handler, under
this policy (same streaming encryption and storage as the vault and the registrations)."""

from typing import Any

from django.conf import settings

from appregister.models import EvidenceDocument, Publisher
from vault.uploads import UploadLimits, UploadPolicy


def _limits(user: Any) -> UploadLimits:
    # No quota: the per-file limit and the document count bound an application.
    return UploadLimits(
        max_bytes=settings.APPREGISTER_MAX_FILE_BYTES,
        quota_left=None,
        allowed_types=settings.APPREGISTER_ALLOWED_TYPES,
    )


def _is_publisher(request: Any) -> bool:
    user = request.user
    return bool(user.is_authenticated) and Publisher.objects.filter(user=user).exists()


EVIDENCE_UPLOADS = UploadPolicy(
    may_upload=_is_publisher,
    limits=_limits,
    storage_prefix=EvidenceDocument.storage_prefix,
)
