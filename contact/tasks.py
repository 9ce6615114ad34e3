"""Background work of the contact form: tasks take ids and call the email module."""

from celery import shared_task

from portal.celery import NETWORK_TASK


@shared_task(**NETWORK_TASK)
def send_message_email(message_id: int) -> bool:
    from contact.emails import contact_message_email_send

    return contact_message_email_send(message_id=message_id)
