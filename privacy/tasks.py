"""Background work of the privacy app: thin tasks that take ids and are safe to run twice."""

from celery import shared_task

from portal.celery import NETWORK_TASK
from privacy.services import closures, exports


@shared_task(ignore_result=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
def build_data_export(export_id: str) -> bool:
    return exports.export_build_run(export_id=export_id)


@shared_task(**NETWORK_TASK)
def send_export_ready(export_id: str) -> bool:
    return exports.export_ready_notify(export_id=export_id)


@shared_task(**NETWORK_TASK)
def send_account_closed(closure_id: int) -> bool:
    return closures.closure_email_send(closure_id=closure_id)


@shared_task(ignore_result=True)
def purge_expired_exports() -> int:
    return exports.exports_purge_expired()


@shared_task(ignore_result=True)
def purge_closed_accounts() -> int:
    """Each due closure in its own transaction: one failing leaves the others purged."""
    purged = 0
    for closure_id in closures.closures_due():
        purged += closures.account_purge(closure_id=closure_id)
    return purged
