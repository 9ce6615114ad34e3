"""Background work of the accounts app; tasks take ids and call services."""

from celery import shared_task

from accounts.services.claims import claim_challenges_purge_expired, claim_code_send


@shared_task(
    # SMTP failures and refused connections are all OSErrors; each retry draws a fresh code.
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def send_claim_code(challenge_id: int) -> None:
    # Only the id travels through the broker: the code is drawn and hashed by the service.
    claim_code_send(challenge_id=challenge_id)


@shared_task(ignore_result=True)
def purge_expired_claim_challenges() -> int:
    return claim_challenges_purge_expired()
