"""The one path from staged objects to rows: a request's batch is stored or discarded, whole.

The upload handler (`vault.uploads`) only stages: each file it accepts becomes a durable
encrypted object that no row names yet, added to the request's `StagedBatch`. A view (or the
API) then hands the batch to `staged_store` with the service that records one object as a row
of its model; whatever that service refuses, and whatever nobody asked to store, is deleted.
Nothing else passes staged objects around, so nothing can be forgotten in storage (the orphan
clean-up is the safety net for a process killed in between).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError

from vault.services import staged_discard
from vault.streams import StagedObject, UploadRejected

T = TypeVar("T")


class StagedBatch:
    """The objects one request staged, in order, and the refusals met while staging."""

    def __init__(self) -> None:
        self.errors: list[str] = []  # French, shown to the person who uploaded
        self.received = 0  # objects staged, whoever owns them now
        self._objects: list[StagedObject] = []

    def add(self, staged: StagedObject) -> None:
        self._objects.append(staged)
        self.received += 1

    def __len__(self) -> int:
        return len(self._objects)

    def _take(self) -> list[StagedObject]:
        objects, self._objects = self._objects, []
        return objects


@dataclass
class StoreOutcome(Generic[T]):
    stored: list[T] = field(default_factory=list)
    staging_errors: list[str] = field(default_factory=list)
    refusals: list[ValidationError] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        """Every refusal, staging first, in words the uploader reads."""
        return [*self.staging_errors, *(m for r in self.refusals for m in r.messages)]


def staged_store(
    batch: StagedBatch,
    store: Callable[[StagedObject], T] | None,
    *,
    if_empty: Callable[[], T] | None = None,
) -> StoreOutcome[T]:
    """Hand each object of `batch` to `store`, in order; with `store=None`, discard them all.

    `store` records one object as a row (`document_store`, `registration_document_add`,
    `change_request_create`), or raises having committed nothing; the object is then deleted.
    An `UploadRejected` or a `ValidationError` is collected in the outcome and the next object
    goes on; anything else propagates once every object not stored is deleted. `if_empty` is
    called instead when the batch holds nothing (an optional attachment), its refusals
    collected too.
    """
    pending = batch._take()
    outcome: StoreOutcome[T] = StoreOutcome(staging_errors=list(batch.errors))
    try:
        if store is None:
            return outcome
        if not pending and if_empty is not None:
            _collect(outcome, if_empty)
        while pending:
            staged = pending[0]
            if _collect(outcome, functools.partial(store, staged)):
                pending.pop(0)  # a row names it now
            else:
                staged_discard(staged=pending.pop(0))
    finally:  # `store` raised something else: nothing stays that no row names
        for staged in pending:
            staged_discard(staged=staged)
    return outcome


def _collect(outcome: StoreOutcome[T], step: Callable[[], T]) -> bool:
    """Run one store; False if it was refused (the refusal kept for the outcome)."""
    try:
        outcome.stored.append(step())
    except UploadRejected as error:
        outcome.refusals.append(ValidationError(error.message))
    except ValidationError as error:
        outcome.refusals.append(error)
    else:
        return True
    return False
