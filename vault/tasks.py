"""Periodic work of the vault: thin tasks that call services and are safe to run twice."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from portal.celery import NETWORK_TASK
from vault import selectors, services, sharing


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    ignore_result=True,
)
def vault_purge_trash() -> int:
    """Documents in the trash for longer than VAULT_TRASH_DAYS are deleted for good."""
    return services.trash_purge_expired()


@shared_task(ignore_result=True)
def vault_purge_access_log() -> int:
    return services.access_log_purge()


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    ignore_result=True,
)
def vault_cleanup_orphans() -> list[int]:
    removed, stale = services.orphans_cleanup()
    return [removed, stale]


@shared_task(ignore_result=True)
def vault_expiry_reminders() -> int:
    horizon = timezone.localdate() + datetime.timedelta(days=settings.VAULT_EXPIRY_REMINDER_DAYS)
    ids = [
        str(pk)
        for pk in selectors.documents_expiring(on_or_before=horizon).values_list("pk", flat=True)
    ]
    for document_id in ids:
        send_expiry_reminder.delay(document_id)
    return len(ids)


@shared_task(**NETWORK_TASK)
def send_expiry_reminder(document_id: str) -> bool:
    return services.document_expiry_remind(document_id=document_id)


@shared_task(**NETWORK_TASK)
def send_share_email(share_id: int) -> bool:
    return sharing.share_email_send(share_id=share_id)
