"""Periodic work of the legal app: thin tasks, safe to run twice."""

from celery import shared_task

from legal import services


@shared_task(ignore_result=True)
def retention_purge() -> dict[str, int]:
    """Every day: delete the personal data kept longer than its processing's retention."""
    return {result.key: result.deleted for result in services.retention_purge_run()}
