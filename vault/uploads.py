"""A Django upload handler that encrypts each file as its chunks arrive, and only stages it.

Nothing of an uploaded file is kept in memory beyond one segment, nor written in clear to a
temporary file: each chunk goes through `EncryptingSink` to the vault storage. Each file the
handler accepts becomes a `StagedObject` in the request's `StagedBatch`, which the view hands
to `vault.staging.staged_store`. What differs between the vault, the first registrations and
the change requests (who may upload, limits, types, storage prefix) is an `UploadPolicy`.
"""

import functools
import io
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_protect

from vault.http import vault_request_allowed
from vault.models import Document
from vault.services import upload_limits
from vault.staging import StagedBatch, staged_store
from vault.streams import EncryptingSink, StagedObject, UploadRejected, stage_chunks


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int  # per file
    quota_left: int | None  # for the whole request; None: no quota, the per-file limit only
    allowed_types: Collection[str]  # keys of vault.validation's kinds


@dataclass(frozen=True)
class UploadPolicy:
    """Who may upload, within which limits (read when the first file starts), where it goes."""

    may_upload: Callable[[Any], bool]  # given the request, its user possibly anonymous
    limits: Callable[[Any], UploadLimits]
    storage_prefix: str
    max_files: int | None = None  # files past this are skipped, never stored


def _vault_limits(user: Any) -> UploadLimits:
    max_bytes, quota_left = upload_limits(owner=user)
    return UploadLimits(max_bytes, quota_left, allowed_types=settings.VAULT_ALLOWED_TYPES)


VAULT_UPLOADS = UploadPolicy(
    may_upload=vault_request_allowed, limits=_vault_limits, storage_prefix=Document.storage_prefix
)


class StagedUpload(UploadedFile):
    def __init__(self, staged: StagedObject) -> None:
        super().__init__(
            file=io.BytesIO(),
            name=staged.display_name,
            content_type=staged.content_type,
            size=staged.size,
        )
        self.staged = staged


class StagingUploadHandler(FileUploadHandler):
    """Install with `staging_install` before anything reads the body."""

    chunk_size = 1024 * 1024

    def __init__(
        self, request: HttpRequest, *, policy: UploadPolicy, field: str, batch: StagedBatch
    ) -> None:
        super().__init__(request)
        self.policy = policy
        self.field = field
        self.batch = batch
        self._sink: EncryptingSink | None = None
        self._limits: UploadLimits | None = None
        self._quota_left: int | None = None
        self._files = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not self.policy.may_upload(self.request):
            # Permission is checked again by the view; this stops anything being stored first.
            raise SkipFile()
        if self.field_name != self.field:  # no form field would take it
            raise SkipFile()
        self._files += 1
        if self.policy.max_files is not None and self._files > self.policy.max_files:
            raise SkipFile()
        if self._limits is None:
            self._limits = self.policy.limits(user)
            self._quota_left = self._limits.quota_left
        limits = self._limits
        try:
            self._sink = EncryptingSink(
                owner_id=user.pk,
                file_name=self.file_name or "",
                max_bytes=limits.max_bytes,
                quota_left=limits.max_bytes if self._quota_left is None else self._quota_left,
                allowed_types=limits.allowed_types,
                name_prefix=self.policy.storage_prefix,
            )
        except UploadRejected as error:  # no data key (the key service did not answer)
            self.batch.errors.append(error.message)
            raise SkipFile() from error

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self._sink is None:
            return None
        try:
            self._sink.write(raw_data)
        except UploadRejected as error:
            self.batch.errors.append(error.message)
            self.abort_open()
            raise SkipFile() from error
        return None

    def file_complete(self, file_size: int) -> StagedUpload | None:
        if self._sink is None:
            return None
        sink, self._sink = self._sink, None
        try:
            staged = sink.finish()
        except UploadRejected as error:
            sink.abort()
            self.batch.errors.append(error.message)
            return None
        except BaseException:
            sink.abort()
            raise
        self.batch.add(staged)
        if self._quota_left is not None:
            self._quota_left -= staged.size
        return StagedUpload(staged)

    def abort_open(self) -> None:
        """Drop the file being received, if any (its temp object or multipart upload)."""
        if self._sink is not None:
            sink, self._sink = self._sink, None
            sink.abort()

    def upload_interrupted(self) -> None:
        self.abort_open()


def stage_chunks_under(
    policy: UploadPolicy, *, user: Any, file_name: str, chunks: Iterable[bytes]
) -> StagedObject:
    """Stage plaintext chunks as an upload under `policy` would (seeds, the restore drill)."""
    limits = policy.limits(user)
    return stage_chunks(
        chunks,
        owner_id=user.pk,
        file_name=file_name,
        max_bytes=limits.max_bytes,
        quota_left=limits.max_bytes if limits.quota_left is None else limits.quota_left,
        allowed_types=limits.allowed_types,
        name_prefix=policy.storage_prefix,
    )


def staging_install(
    request: HttpRequest, policy: UploadPolicy, *, field: str
) -> StagingUploadHandler:
    """Stage the files of the form field `field` under `policy` (other files are skipped)."""
    handler = StagingUploadHandler(request, policy=policy, field=field, batch=StagedBatch())
    request.upload_handlers = [handler]
    return handler


def staging_release(handler: StagingUploadHandler) -> None:
    """Once the response is ready: whatever the view did not store is deleted."""
    handler.abort_open()
    staged_store(handler.batch, None)


UploadView = Callable[..., HttpResponse]


def streaming_upload(policy: UploadPolicy, *, field: str) -> Callable[[UploadView], UploadView]:
    """Stage the files of `field` under `policy`, then check CSRF, then call the view.

    The handler must be in place before anything reads the body, the CSRF check included: the
    decorated view must also be `csrf_exempt`, and the check runs here once the handler is set.
    The view receives the request's `StagedBatch` as its second argument, to hand to
    `staged_store`; objects left in it are discarded whatever happens.
    """

    def decorator(view: UploadView) -> UploadView:
        protected = csrf_protect(view)

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            handler = staging_install(request, policy, field=field)
            try:
                return protected(request, handler.batch, *args, **kwargs)
            finally:
                staging_release(handler)

        return wrapper

    return decorator
