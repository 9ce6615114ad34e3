"""Background work of the accounts app; tasks take ids and call services."""

from celery import shared_task

from accounts.services.claims import (
    claim_challenges_purge_expired,
    claim_code_send,
    claim_linked_email_send,
)
from portal.celery import NETWORK_TASK


@shared_task(**NETWORK_TASK)  # each retry draws a fresh code
def send_claim_code(challenge_id: int) -> None:
    # Only the id travels through the broker: the code is drawn and hashed by the service.
    claim_code_send(challenge_id=challenge_id)


@shared_task(**NETWORK_TASK)
def send_claim_linked_email(challenge_id: int) -> bool:
    return claim_linked_email_send(challenge_id=challenge_id)


@shared_task(ignore_result=True)
def purge_expired_claim_challenges() -> int:
    return claim_challenges_purge_expired()
