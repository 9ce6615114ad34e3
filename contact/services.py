"""Writes on contact requests: create (with its reference), answer, move along, purge."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from contact.models import (
    CONTACT_WORKFLOW,
    NATIONAL_TOPICS,
    REFERENCE_PREFIX,
    ContactMessage,
    ContactRequest,
    Direction,
    ReferenceCounter,
    RequestStatus,
)
from contact.tasks import send_message_email
from councils.models import Council
from councils.selectors import council_for_department, council_national
from roll.data.geography import DEPARTMENT_CODES

# How often a request retries its reference when another one took it first.
REFERENCE_ATTEMPTS = 5


def contact_reference(*, year: int, sequence: int) -> str:
    """C-2026-000123."""
    return f"{REFERENCE_PREFIX}-{year}-{sequence:06d}"


def _sequence_take(*, year: int, resync: bool) -> int:
    """The next number of `year`, under a row lock on the year's counter.

    `resync` moves the counter past numbers already used (rows imported or created while the
    counter was reset): the retry after a collision on the unique constraint.
    """
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(pk=year)
    last = counter.last
    if resync:
        used = ContactRequest.objects.filter(year=year).aggregate(top=Max("sequence"))["top"]
        last = max(last, used or 0)
    counter.last = last + 1
    counter.save(update_fields=["last"])
    return counter.last


def contact_council_route(*, topic: str, department: str) -> Council | None:
    """Who answers: the national council (its DPO) for personal data, else the département's."""
    if topic in NATIONAL_TOPICS:
        return council_national()
    return council_for_department(department=department) or council_national()


def contact_request_create(
    *,
    topic: str,
    department: str,
    name: str,
    email: str,
    message: str,
    rpps: str = "",
    user: User | None = None,
) -> ContactRequest:
    """Store a request with a fresh reference and acknowledge it by email after commit."""
    now = timezone.now()
    year = timezone.localdate(now).year
    request = ContactRequest(
        topic=topic,
        department=department,
        council=contact_council_route(topic=topic, department=department),
        name=name.strip(),
        email=email.strip(),
        rpps=rpps,
        message=message.strip(),
        user=user,
        year=year,
        sequence=0,
    )
    errors = {}
    if department not in DEPARTMENT_CODES:
        errors["department"] = ["Choisissez un département dans la liste."]
    try:
        request.full_clean(exclude=["reference", "year", "sequence"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                request.sequence = _sequence_take(year=year, resync=attempt > 0)
                request.reference = contact_reference(year=year, sequence=request.sequence)
                request.save(force_insert=True)
                inbound = ContactMessage.objects.create(
                    request=request,
                    direction=Direction.IN,
                    author=user,
                    body=request.message,
                    sent_at=now,
                )
        except IntegrityError:
            request.pk = None
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            continue
        break
    inbound_id = inbound.pk
    transaction.on_commit(lambda: send_message_email.delay(inbound_id))
    return request


def contact_request_transition(
    *, request: ContactRequest, status: str, save: bool = True
) -> ContactRequest:
    """Move `request` to `status` along its workflow; TransitionError (a ValidationError)
    otherwise. A contact request keeps no history of its own: its dates tell it."""
    CONTACT_WORKFLOW.move(request, status)
    request.closed_at = timezone.now() if status == RequestStatus.CLOSED else None
    if save:
        request.full_clean()
        request.save(update_fields=["status", "closed_at", "updated_at"])
    return request


@transaction.atomic
def contact_request_answer(
    *, request: ContactRequest, author: User, body: str, close: bool = True
) -> ContactMessage:
    """Record a staff answer, email it to the person (after commit), and close the request."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Rédigez la réponse avant de l’envoyer."})
    locked = ContactRequest.objects.select_for_update().get(pk=request.pk)
    answer = ContactMessage(
        request=locked,
        direction=Direction.OUT,
        author=author,
        body=body,
        sent_at=timezone.now(),
    )
    answer.full_clean()
    answer.save()
    if close and locked.status != RequestStatus.CLOSED:
        contact_request_transition(request=locked, status=RequestStatus.CLOSED)
    elif not close and locked.status == RequestStatus.NEW:
        contact_request_transition(request=locked, status=RequestStatus.IN_PROGRESS)
    request.status, request.closed_at = locked.status, locked.closed_at
    answer_id = answer.pk
    transaction.on_commit(lambda: send_message_email.delay(answer_id))
    return answer


def contact_request_purge(*, older_than: datetime.datetime) -> int:
    """Delete requests (and their exchanges) closed before `older_than`; returns how many
    requests went. Requests still open are kept whatever their age. Called daily by
    legal.tasks.retention_purge with the cutoff of this app's declared retention."""
    doomed = ContactRequest.objects.filter(status=RequestStatus.CLOSED, closed_at__lt=older_than)
    with transaction.atomic():
        ContactMessage.objects.filter(request__in=doomed).delete()
        count, _ = doomed.delete()
    return count
