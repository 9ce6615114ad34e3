"""Background work of the accounts app; tasks take ids and call services."""

from datetime import datetime

from celery import shared_task

from accounts.services.claims import (
    claim_challenges_purge_expired,
    claim_code_send,
    claim_linked_email_send,
    claim_request_process,
)
from portal.celery import NETWORK_TASK


@shared_task(**NETWORK_TASK)  # each retry opens a fresh challenge and draws a fresh code
def process_claim_request(user_id: int, rpps: str, requested_at: str) -> bool:
    # The code never travels through the broker: it is drawn and hashed by the service.
    return claim_request_process(
        user_id=user_id, rpps=rpps, requested_at=datetime.fromisoformat(requested_at)
    )


@shared_task(**NETWORK_TASK)
def send_claim_code(challenge_id: int) -> None:
    # No longer queued by the portal; kept for the messages a deploy finds in the broker.
    claim_code_send(challenge_id=challenge_id)


@shared_task(**NETWORK_TASK)
def send_claim_linked_email(challenge_id: int) -> bool:
    return claim_linked_email_send(challenge_id=challenge_id)


@shared_task(ignore_result=True)
def purge_expired_claim_challenges() -> int:
    return claim_challenges_purge_expired()
