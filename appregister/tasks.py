"""Background work of the register: thin tasks that take ids and call one function."""

from celery import shared_task

from appregister.emails import event_email_send, problem_acknowledgement_send
from appregister.services.aftercare import renewal_reminders_send
from portal.celery import NETWORK_TASK


@shared_task(**NETWORK_TASK)
def send_event_email(event_id: int) -> bool:
    return event_email_send(event_id=event_id)


@shared_task(**NETWORK_TASK)
def send_problem_acknowledgement(report_id: int) -> bool:
    return problem_acknowledgement_send(report_id=report_id)


@shared_task(ignore_result=True)
def send_renewal_reminders() -> int:
    return renewal_reminders_send()
