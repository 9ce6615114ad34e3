"""Background work of the exemption requests: tasks take ids and call services."""

from celery import shared_task

from exemptions.emails import exemption_email_send
from portal.celery import NETWORK_TASK


@shared_task(**NETWORK_TASK)
def send_exemption_email(event_id: int) -> bool:
    return exemption_email_send(event_id=event_id)
