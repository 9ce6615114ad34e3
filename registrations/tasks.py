"""Background work of first registrations: tasks take ids and call services."""

from celery import shared_task

from portal.celery import NETWORK_TASK
from registrations.emails import status_email_send


@shared_task(**NETWORK_TASK)
def send_status_email(change_id: int) -> bool:
    return status_email_send(change_id=change_id)
