"""The retention of personal data, enforced from the processings' declarations."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

from legal.processing import Processing, processing_list

logger = logging.getLogger(__name__)

PurgeFunction = Callable[..., int]


@dataclass(frozen=True)
class PurgeResult:
    key: str
    older_than: datetime.datetime
    deleted: int


def purge_function(processing: Processing) -> PurgeFunction | None:
    """The function that enforces `processing`'s retention, or None if it declares none."""
    if processing.retention_days is None or processing.purge is None:
        return None
    function: PurgeFunction = import_string(processing.purge)
    return function


def retention_purge_run(*, now: datetime.datetime | None = None) -> list[PurgeResult]:
    """Delete, for every processing with a retention period, the rows older than that period.

    Each purge runs in its own transaction (the purge functions open it), so one failing
    processing does not keep the others from being purged; the failure is logged and raised
    once all have run, for the task to report it.
    """
    now = now or timezone.now()
    results: list[PurgeResult] = []
    failures: list[str] = []
    for processing in processing_list():
        if processing.retention_days is None:
            continue
        if processing.purge is None:
            logger.warning(
                "Processing %s keeps data %s days but names no purge function",
                processing.key,
                processing.retention_days,
            )
            continue
        older_than = now - datetime.timedelta(days=processing.retention_days)
        try:
            function = purge_function(processing)
            assert function is not None
            deleted = function(older_than=older_than)
        except Exception:
            logger.exception("Retention purge of %s failed", processing.key)
            failures.append(processing.key)
            continue
        logger.info("Retention purge of %s: %s rows deleted", processing.key, deleted)
        results.append(PurgeResult(key=processing.key, older_than=older_than, deleted=deleted))
    if failures:
        raise RuntimeError(f"Retention purge failed for: {', '.join(failures)}")
    return results
