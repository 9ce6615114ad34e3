"""Claiming a doctor account from the roll: a one-time code sent to the email on file.

The flow, and why it is shaped this way:

1. `claim_start` (in the request) supersedes the user's open challenge and queues the
   request after commit, without reading the roll: the same work for an unknown number, a
   claimed entry, an entry without an email and a free one, so neither the answer nor its
   timing tells who is on the roll or who already has an account (R1 #2).
2. `claim_request_process` (in the worker) records every request as a challenge row
   *without a code*, naming the doctor only when the RPPS is on the roll with an email and
   free; `claim_code_send` then draws the code, stores only its keyed hash and sends it to
   the roll's address, inside one transaction: the plaintext never reaches the broker, and
   a failed send rolls back so a retry draws a fresh code. The other rows are closed after
   the same drawing and rendering, because in development the task runs in the request.
3. `claim_confirm` checks the code in constant time, counts wrong tries, and links the account
   under row locks; the one-to-one column settles any race that slips through.
"""

import hmac
import logging
import secrets
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import ClaimChallenge, User
from portal.emails import email_message, email_send
from roll.models import Doctor
from roll.rpps import normalize_rpps, validate_rpps

logger = logging.getLogger("accounts.claims")

CODE_DIGITS = 8
CODE_EMAIL_SUBJECT = "Votre code d’activation — Ordre des médecins"
INVALID_CODE_MESSAGE = "Ce code est incorrect ou a expiré. Vous pouvez demander un nouveau code."
DOCTOR_TAKEN_MESSAGE = (
    "Cette inscription au tableau est déjà rattachée à un autre compte. Si vous pensez qu’il "
    "s’agit d’une erreur, contactez votre conseil départemental de l’Ordre."
)
ALREADY_CLAIMED_MESSAGE = "Votre compte est déjà rattaché à une inscription au tableau."

# Validated by the database, not by full_clean (see claim_request_open).
CHALLENGE_REFERENCES = ["user", "doctor"]

StartOutcome = Literal["sent", "unknown", "no_email", "taken", "stale"]
ConfirmOutcome = Literal["linked", "invalid", "wrong", "taken", "already_claimed"]


def mask_rpps(rpps: str) -> str:
    """Only the last four digits, enough to match a log line with a support request."""
    return f"*******{rpps[-4:]}"


def claim_code_hash(*, challenge_id: int, code: str) -> str:
    # Bound to the challenge id: a code can only ever open the challenge it was drawn for.
    return salted_hmac(
        "accounts.claim_code", f"{challenge_id}:{code}", algorithm="sha256"
    ).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _ttl() -> timedelta:
    return timedelta(seconds=settings.CLAIM_CODE_TTL)


def claim_start(*, user: User, rpps: str) -> None:
    """Start a claim: supersede the user's open challenge and queue the request for the worker.

    The same work for every number, whether it is unknown, claimed, without an email or free:
    the roll is not even read here, so neither the answer nor its timing can tell them apart
    (R1 #2). `claim_request_process` decides in the worker.
    """
    rpps = normalize_rpps(rpps)
    validate_rpps(rpps)
    now = timezone.now()
    with transaction.atomic():
        # Serialises two requests of one user, which would otherwise both survive the
        # supersede step and leave two live codes.
        locked_user = User.objects.select_for_update().get(pk=user.pk)
        if locked_user.doctor_id is not None:
            raise ValidationError(ALREADY_CLAIMED_MESSAGE, code="already_claimed")
        superseded = ClaimChallenge.objects.filter(
            user=locked_user, used_at__isnull=True, superseded_at__isnull=True
        ).update(superseded_at=now)
        requested_at = now.isoformat()
        transaction.on_commit(lambda: _queue_claim_request(user.pk, rpps, requested_at))
    logger.info("claim start user=%s rpps=%s superseded=%d", user.pk, mask_rpps(rpps), superseded)


def _queue_claim_request(user_id: int, rpps: str, requested_at: str) -> None:
    # Imported here: the tasks module imports this one.
    from accounts.tasks import process_claim_request

    process_claim_request.delay(user_id, rpps, requested_at)


def claim_request_open(*, user_id: int, rpps: str, requested_at: datetime) -> ClaimChallenge | None:
    """Record a claim request as a challenge without a code, superseding the user's open ones.

    Every request gets its row, the same work whatever the number: `doctor` is set only when
    the RPPS is on the roll with an email and free, and left empty otherwise (no code will
    ever open it). None when the account is gone or claimed, or a newer request of it was
    recorded: the row carries the request's time, so a request processed late never
    supersedes a newer one.
    """
    outcome: StartOutcome
    challenge: ClaimChallenge | None = None
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        # The same queries in every case, so that in-process (eager) tasks stay even too.
        doctor = Doctor.objects.filter(rpps=rpps).first()
        taken = User.objects.filter(doctor__rpps=rpps).exists()
        newer = ClaimChallenge.objects.filter(user_id=user_id, created_at__gt=requested_at)
        if user is None or user.doctor_id is not None or newer.exists():
            outcome = "stale"
        else:
            outcome = (
                "unknown"
                if doctor is None
                else "no_email"
                if not doctor.email
                else "taken"
                if taken
                else "sent"
            )
            ClaimChallenge.objects.filter(
                user=user, used_at__isnull=True, superseded_at__isnull=True
            ).update(superseded_at=now)
            challenge = ClaimChallenge(
                user=user,
                doctor=doctor if outcome == "sent" else None,
                created_at=requested_at,
                expires_at=now + _ttl(),
            )
            # Not the foreign keys: validating one queries its row, and only a free entry has
            # a doctor, so that query alone would tell it apart (R1 #2). Both rows were read
            # in this transaction and the database enforces the references.
            challenge.full_clean(exclude=CHALLENGE_REFERENCES)
            challenge.save()
    logger.info("claim request user=%s rpps=%s outcome=%s", user_id, mask_rpps(rpps), outcome)
    return challenge


def claim_request_process(*, user_id: int, rpps: str, requested_at: datetime) -> bool:
    """The worker's side of `claim_start`: record the request, send a code when it can.

    Returns whether a code was sent.
    """
    challenge = claim_request_open(user_id=user_id, rpps=rpps, requested_at=requested_at)
    return challenge is not None and claim_code_send(challenge_id=challenge.pk, rpps=rpps)


def claim_code_send(*, challenge_id: int, rpps: str = "") -> bool:
    """Draw the code of a challenge and email it to the roll's address; safe to run twice.

    Returns whether an email was sent. The email is sent inside the transaction on purpose:
    if sending fails, the hash is not stored and a retry draws and sends a fresh code.

    A challenge without a doctor (a request for an unknown, claimed or email-less number) is
    closed instead, after drawing the code and rendering the email for a stand-in: in
    development the task runs inside the request, and rendering and writing are most of the
    time a free RPPS takes, so every case does them.
    """
    now = timezone.now()
    with transaction.atomic():
        challenge = (
            ClaimChallenge.objects.select_for_update(of=("self",))
            .select_related("doctor")
            .filter(pk=challenge_id)
            .first()
        )
        if challenge is None:
            logger.info("claim code challenge=%s skipped=gone", challenge_id)
            return False
        skipped = _send_skip_reason(challenge, now)
        if skipped and skipped != "no_doctor":
            logger.info("claim code challenge=%s skipped=%s", challenge_id, skipped)
            return False
        doctor = challenge.doctor or Doctor(rpps=rpps, last_name="", email="nobody@invalid")
        code = _new_code()
        challenge.code_hash = claim_code_hash(challenge_id=challenge.pk, code=code)
        challenge.sent_at = now
        # The validity runs from the email, not from the request: the email says 30 minutes.
        challenge.expires_at = now + _ttl()
        message = _code_email(doctor=doctor, code=code)
        if skipped:
            # Closed at once: nothing was sent, and no code can ever open it.
            challenge.code_hash, challenge.sent_at, challenge.expires_at = "", None, now
            message.message().as_bytes()
        challenge.full_clean(exclude=CHALLENGE_REFERENCES)  # as in claim_request_open
        challenge.save(update_fields=["code_hash", "sent_at", "expires_at"])
        if skipped:
            logger.info("claim code challenge=%s skipped=%s", challenge_id, skipped)
            return False
        message.send()
    logger.info(
        "claim code sent challenge=%s user=%s rpps=%s",
        challenge_id,
        challenge.user_id,
        mask_rpps(doctor.rpps),
    )
    return True


def _send_skip_reason(challenge: ClaimChallenge, now: datetime) -> str:
    if challenge.sent_at is not None:
        return "already_sent"
    if not challenge.is_open:
        return "closed"
    if challenge.expires_at <= now:
        return "expired"
    if challenge.doctor is None:
        return "no_doctor"
    if not challenge.doctor.email:
        return "no_email"
    return ""


CODE_EMAIL_REASON = (
    "Vous recevez ce message parce que cette adresse est celle de votre inscription au tableau "
    "de l’Ordre des médecins et qu’un compte du portail demande à y être rattaché."
)
# Longer than a task's retries last: a redelivery within it does not send again.
LINKED_EMAIL_MARK_SECONDS = 7 * 24 * 3600
LINKED_EMAIL_REASON = (
    "Vous recevez ce message parce qu’un compte du portail de l’Ordre des médecins vient "
    "d’être rattaché à votre inscription au tableau."
)


def _code_email(*, doctor: Doctor, code: str) -> EmailMultiAlternatives:
    return email_message(
        to=doctor.email,
        template="accounts/email/claim_code",
        reason=CODE_EMAIL_REASON,
        # The subject already ends with the sender: no "[Ordre des médecins]" before it.
        subject_prefix="",
        context={
            "doctor": doctor,
            "code": code,
            "code_display": f"{code[:4]} {code[4:]}",
            "validity_minutes": settings.CLAIM_CODE_TTL // 60,
            "rpps_end": doctor.rpps[-4:],
        },
    )


def claim_linked_email_send(*, challenge_id: int) -> bool:
    """Tell the doctor that an account is now linked to their roll entry, at the roll's
    address and at the account's login if it differs. Returns whether it was sent: not when
    the challenge is gone or the link it made was undone meanwhile."""
    challenge = (
        ClaimChallenge.objects.select_related("doctor", "user")
        .filter(pk=challenge_id, used_at__isnull=False)
        .first()
    )
    if challenge is None or challenge.user.doctor_id != challenge.doctor_id:
        return False
    doctor, user = challenge.doctor, challenge.user
    if doctor is None:  # a row no code could open: never linked
        return False
    # Sent once: a redelivered task finds the mark (taken back if the send fails, so that the
    # retry sends it).
    mark = f"accounts:claim-linked-email:{challenge_id}"
    if not cache.add(mark, 1, timeout=LINKED_EMAIL_MARK_SECONDS):
        return False
    to = list(dict.fromkeys(address for address in (doctor.email, user.email) if address))
    try:
        _send_linked_email(challenge=challenge, doctor=doctor, to=to)
    except BaseException:
        cache.delete(mark)
        raise
    logger.info("claim linked email sent challenge=%s user=%s", challenge_id, user.pk)
    return True


def _send_linked_email(*, challenge: ClaimChallenge, doctor: Doctor, to: list[str]) -> None:
    user = challenge.user
    email_send(
        to=to,
        template="accounts/email/claim_linked",
        reason=LINKED_EMAIL_REASON,
        context={
            "doctor": doctor,
            "greeting_name": f"Docteur {doctor.last_name}",
            "account_email": user.email,
            "linked_at": challenge.used_at,
            "rpps_end": doctor.rpps[-4:],
            "space_url": settings.SITE_URL + reverse("doctor_space"),
        },
    )


def _queue_linked_email(challenge_id: int) -> None:
    from accounts.tasks import send_claim_linked_email

    send_claim_linked_email.delay(challenge_id)


def claim_confirm(*, user: User, code: str) -> Doctor:
    """Link `user` to the doctor of their open challenge if `code` is right.

    Raises ValidationError with the same message for a wrong, expired, spent or missing code.
    """
    code = "".join(str(code).split())
    now = timezone.now()
    doctor: Doctor | None = None
    challenge_id: int | None = None
    outcome: ConfirmOutcome
    try:
        with transaction.atomic():
            challenge = (
                ClaimChallenge.objects.select_for_update(of=("self",))
                .select_related("doctor")
                .filter(user=user, used_at__isnull=True, superseded_at__isnull=True)
                .order_by("-created_at", "-pk")
                .first()
            )
            if challenge is not None:
                challenge_id = challenge.pk
            if (
                challenge is None
                or challenge.sent_at is None
                or challenge.expires_at <= now
                or challenge.attempts >= settings.CLAIM_MAX_ATTEMPTS
            ):
                outcome = "invalid"
            elif not hmac.compare_digest(
                challenge.code_hash, claim_code_hash(challenge_id=challenge.pk, code=code)
            ):
                challenge.attempts += 1
                challenge.save(update_fields=["attempts"])
                outcome = "wrong"
            else:
                outcome, doctor = _link(user=user, challenge=challenge, now=now)
    except IntegrityError:
        # Another account took this doctor between our check and our write.
        outcome = "taken"
    logger.info("claim confirm user=%s challenge=%s outcome=%s", user.pk, challenge_id, outcome)
    if outcome in ("invalid", "wrong"):
        raise ValidationError(INVALID_CODE_MESSAGE, code="claim_code_invalid")
    if outcome == "taken":
        raise ValidationError(DOCTOR_TAKEN_MESSAGE, code="claim_doctor_taken")
    if outcome == "already_claimed" or doctor is None:
        raise ValidationError(ALREADY_CLAIMED_MESSAGE, code="already_claimed")
    user.doctor = doctor
    if challenge_id is not None:
        linked_id = challenge_id
        transaction.on_commit(lambda: _queue_linked_email(linked_id))
    return doctor


def claim_link_proven(*, user: User, doctor: Doctor, proof: str) -> Doctor:
    """Link `user` to `doctor` when an identity provider has proven the RPPS (Pro Santé Connect).

    No code is drawn: the proof replaces it. The link goes through `_link` like a confirmed
    code (doctor then user locked, the one-to-one column settling races) and leaves the same
    used challenge row, so the « compte rattaché » email is sent the same way.
    """
    now = timezone.now()
    outcome: ConfirmOutcome
    challenge_id: int | None = None
    try:
        with transaction.atomic():
            locked_user = User.objects.select_for_update().get(pk=user.pk)
            ClaimChallenge.objects.filter(
                user=locked_user, used_at__isnull=True, superseded_at__isnull=True
            ).update(superseded_at=now)
            challenge = ClaimChallenge(user=locked_user, doctor=doctor, expires_at=now)
            challenge.full_clean()
            challenge.save()
            challenge_id = challenge.pk
            outcome, linked = _link(user=locked_user, challenge=challenge, now=now)
            if outcome != "linked":
                transaction.set_rollback(True)
    except IntegrityError:
        outcome, linked = "taken", None
    logger.info(
        "claim proven user=%s rpps=%s proof=%s outcome=%s",
        user.pk,
        mask_rpps(doctor.rpps),
        proof,
        outcome,
    )
    if outcome == "taken":
        raise ValidationError(DOCTOR_TAKEN_MESSAGE, code="claim_doctor_taken")
    if outcome != "linked" or linked is None or challenge_id is None:
        raise ValidationError(ALREADY_CLAIMED_MESSAGE, code="already_claimed")
    user.doctor = linked
    linked_id = challenge_id
    transaction.on_commit(lambda: _queue_linked_email(linked_id))
    return linked


def _link(
    *, user: User, challenge: ClaimChallenge, now: datetime
) -> tuple[ConfirmOutcome, Doctor | None]:
    challenge.used_at = now
    challenge.save(update_fields=["used_at"])
    # Lock the doctor, then the user, in that order everywhere, so that two accounts racing
    # for one doctor queue up instead of both seeing it free.
    doctor_id = challenge.doctor_id
    assert doctor_id is not None  # a code is only ever sent for a named doctor
    doctor = Doctor.objects.select_for_update().get(pk=doctor_id)
    locked_user = User.objects.select_for_update().get(pk=user.pk)
    if locked_user.doctor_id is not None:
        return "already_claimed", None
    if User.objects.filter(doctor=doctor).exists():
        return "taken", None
    locked_user.doctor = doctor
    locked_user.full_clean()
    locked_user.save(update_fields=["doctor"])
    logger.info("claim linked user=%s rpps=%s", locked_user.pk, mask_rpps(doctor.rpps))
    return "linked", doctor


def claim_challenges_purge_expired() -> int:
    """Delete challenges used, or expired for more than a day; returns how many went."""
    cutoff = timezone.now() - timedelta(days=1)
    _, per_model = ClaimChallenge.objects.filter(
        Q(used_at__isnull=False) | Q(expires_at__lt=cutoff)
    ).delete()
    deleted = per_model.get(ClaimChallenge._meta.label, 0)
    logger.info("claim challenges purged count=%d", deleted)
    return deleted
