"""Claiming a doctor account from the roll (being written)."""


def claim_code_email_send(*, challenge_id: int, code: str) -> None:
    raise NotImplementedError


def claim_challenges_purge_expired() -> int:
    raise NotImplementedError
