"""Background work of the accounts app; tasks take ids and call services."""

from celery import shared_task

from accounts.services.claims import claim_challenges_purge_expired, claim_code_email_send


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def send_claim_code(challenge_id: int, code: str) -> None:
    claim_code_email_send(challenge_id=challenge_id, code=code)


@shared_task(ignore_result=True)
def purge_expired_claim_challenges() -> int:
    return claim_challenges_purge_expired()
