"""Background work of first registrations: tasks take ids and call services."""

from celery import shared_task

from registrations.emails import status_email_send


@shared_task(
    # SMTP failures and refused connections are OSErrors; the service sends at most once.
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def send_status_email(change_id: int) -> bool:
    return status_email_send(change_id=change_id)
