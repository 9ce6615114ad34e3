"""Background work of the roll: tasks take ids and call services."""

from celery import shared_task

from portal.celery import NETWORK_TASK
from roll.emails import change_request_email_send


@shared_task(**NETWORK_TASK)
def send_change_request_email(event_id: int) -> bool:
    return change_request_email_send(event_id=event_id)
