"""A Django upload handler that encrypts each file as its chunks arrive.

Nothing of an uploaded file is kept in memory beyond one segment, nor written in clear to a
temporary file: each chunk goes through `EncryptingSink` to the vault storage. What the view
receives is a `StagedUpload` (an empty UploadedFile carrying the `StagedObject`), which a
service turns into a document, or discards.
"""

import functools
import io
from collections.abc import Callable
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_protect

from vault.services import staged_discard, upload_limits
from vault.streams import EncryptingSink, StagedObject, UploadRejected


class StagedUpload(UploadedFile):
    def __init__(self, staged: StagedObject) -> None:
        super().__init__(
            file=io.BytesIO(),
            name=staged.display_name,
            content_type=staged.content_type,
            size=staged.size,
        )
        self.staged = staged


class VaultUploadHandler(FileUploadHandler):
    """Install with `request.upload_handlers = [VaultUploadHandler(request)]` before parsing."""

    chunk_size = 1024 * 1024

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.errors: list[str] = []
        self.staged: list[StagedObject] = []
        self.claimed: set[str] = set()
        self._sink: EncryptingSink | None = None
        self._quota_left: int | None = None

    def _owner_allowed(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(
            user is not None
            and user.is_authenticated
            and getattr(user, "is_claimed_doctor", False)
            and is_mfa_enabled(user)
        )

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if not self._owner_allowed():
            # Permission is checked again by the view; this stops anything being stored first.
            raise SkipFile()
        self._sink = self.open_sink()

    def open_sink(self) -> EncryptingSink:
        assert self.request is not None
        user = self.request.user
        assert user.pk is not None
        return EncryptingSink(
            owner_id=user.pk, file_name=self.file_name or "", **self.sink_options(user)
        )

    def sink_options(self, user: Any) -> dict[str, Any]:
        """Limits and placement of the file starting; other owner types override this."""
        max_bytes, quota_left = upload_limits(owner=user)
        if self._quota_left is None:
            self._quota_left = quota_left
        return {"max_bytes": max_bytes, "quota_left": self._quota_left}

    def _reject(self, error: UploadRejected) -> None:
        self.errors.append(error.message)
        self._abort()
        raise SkipFile()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self._sink is None:
            return None
        try:
            self._sink.write(raw_data)
        except UploadRejected as error:
            self._reject(error)
        return None

    def file_complete(self, file_size: int) -> StagedUpload | None:
        if self._sink is None:
            return None
        sink, self._sink = self._sink, None
        try:
            staged = sink.finish()
        except UploadRejected as error:
            sink.abort()
            self.errors.append(error.message)
            return None
        except BaseException:
            sink.abort()
            raise
        self.staged.append(staged)
        if self._quota_left is not None:
            self._quota_left -= staged.size
        return StagedUpload(staged)

    def _abort(self) -> None:
        if self._sink is not None:
            sink, self._sink = self._sink, None
            sink.abort()

    def upload_interrupted(self) -> None:
        self._abort()

    def claim(self, staged: StagedObject) -> None:
        self.claimed.add(staged.storage_name)

    def discard_unclaimed(self) -> None:
        """Called once the request is over: objects no document took are removed."""
        self._abort()
        for staged in self.staged:
            if staged.storage_name not in self.claimed:
                staged_discard(staged=staged)
        self.staged = []


UploadView = Callable[..., HttpResponse]


def streaming_upload(
    handler_class: type["VaultUploadHandler"],
) -> Callable[[UploadView], UploadView]:
    """Give a view `handler_class` as its only upload handler, then check CSRF.

    The handler must be in place before anything reads the body, the CSRF check included: the
    decorated view must also be `csrf_exempt`, and the check runs here once the handler is set.
    The view receives the handler as its second argument; staged objects it did not claim are
    discarded whatever happens.
    """

    def decorator(view: UploadView) -> UploadView:
        protected = csrf_protect(view)

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            handler = handler_class(request)
            request.upload_handlers = [handler]
            try:
                return protected(request, handler, *args, **kwargs)
            finally:
                handler.discard_unclaimed()

        return wrapper

    return decorator
