"""Background work of direct debits: thin tasks that take ids and call services, safe twice."""

from celery import shared_task
from django.utils import timezone

from cotisations.providers.base import ProviderUnavailable
from debits.services import batches, mandates, notices, plans
from debits.services import remote as remote_debits
from portal.celery import NETWORK_TASK


@shared_task(ignore_result=True)
def debits_daily() -> dict[str, int]:
    """The daily beat entry: settle the debits of the day, reminders, renewals, lapses."""
    today = timezone.localdate()
    settled = batches.debits_settle(today=today)
    remote = remote_debits.remote_debits_due(today=today)
    for debit_id in remote:
        collect_remote_debit.delay(debit_id)
    reminders = notices.debit_reminders_due(today=today)
    for debit_id in reminders:
        send_debit_reminder.delay(debit_id)
    renewals = notices.renewal_notices_due(today=today)
    for plan_id in renewals:
        send_renewal_notice.delay(plan_id)
    renewed = plans.plans_renew(today=today)
    lapsed = mandates.mandates_lapse(today=today)
    return {
        "settled": settled,
        "remote": len(remote),
        "reminders": len(reminders),
        "renewal_notices": len(renewals),
        "renewed": renewed,
        "lapsed": lapsed,
    }


@shared_task(**NETWORK_TASK)
def send_prenotification(plan_id: int) -> bool:
    return notices.prenotification_send(plan_id=plan_id)


@shared_task(**NETWORK_TASK)
def send_debit_reminder(debit_id: int) -> bool:
    return notices.debit_reminder_send(debit_id=debit_id)


@shared_task(**NETWORK_TASK)
def send_renewal_notice(plan_id: int) -> bool:
    return notices.renewal_notice_send(plan_id=plan_id)


@shared_task(**{**NETWORK_TASK, "autoretry_for": (OSError, ProviderUnavailable)})
def collect_remote_debit(debit_id: int) -> bool:
    return remote_debits.remote_debit_collect(debit_id=debit_id)
