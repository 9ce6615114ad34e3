"""Background work of the dues: thin tasks that take ids and call services, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from cotisations import selectors
from cotisations.models import ReminderKind
from cotisations.providers.base import ProviderUnavailable
from cotisations.providers.dummy import SIGNATURE_HEADER
from cotisations.services import confirmations, instalments, reminders
from cotisations.services.payments import webhook_receive
from portal.celery import NETWORK_TASK


@shared_task(ignore_result=True)
def dues_daily() -> dict[str, int]:
    """The daily beat entry: reminders, instalment notices and collections."""
    today = timezone.localdate()
    notices = selectors.instalments_notices_due(today=today)
    for instalment_id in notices:
        send_instalment_notice.delay(instalment_id)
    collectable = selectors.instalments_collectable(today=today)
    for instalment_id in collectable:
        collect_instalment.delay(instalment_id)
    batches = reminders.reminders_dispatch(today=today)
    return {"batches": batches, "notices": len(notices), "collections": len(collectable)}


@shared_task(**NETWORK_TASK)
def send_dues_reminder_batch(campaign_id: int, kind: str, call_ids: list[int]) -> int:
    return reminders.reminder_batch_send(campaign_id=campaign_id, kind=kind, call_ids=call_ids)


@shared_task(**NETWORK_TASK)
def send_instalment_notice(instalment_id: int) -> bool:
    return instalments.instalment_notice_send(instalment_id=instalment_id)


@shared_task(**NETWORK_TASK)
def send_instalment_failed(call_id: int) -> bool:
    return reminders.reminder_send_one(call_id=call_id, kind=ReminderKind.INSTALMENT_FAILED)


@shared_task(**NETWORK_TASK)
def send_payment_confirmation(payment_id: int) -> bool:
    return confirmations.payment_confirmation_send(payment_id=payment_id)


@shared_task(**{**NETWORK_TASK, "autoretry_for": (OSError, ProviderUnavailable)})
def collect_instalment(instalment_id: int) -> str:
    return instalments.instalment_collect(instalment_id=instalment_id)


@shared_task(**NETWORK_TASK)
def deliver_dummy_webhook(body: str, signature: str) -> list[str]:
    """The dummy provider's webhook delivery, verified exactly like an incoming request."""
    return webhook_receive(
        provider_name="dummy", body=body.encode(), headers={SIGNATURE_HEADER: signature}
    )


@shared_task(**NETWORK_TASK)
def send_debit_failed(call_id: int, reason_code: str, reason_label: str) -> bool:
    from cotisations.services.debit_emails import debit_failed_send

    return debit_failed_send(call_id=call_id, reason_code=reason_code, reason_label=reason_label)
