"""Services of contact requests: references, transitions, answers and purge."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from contact.emails import contact_message_email_send
from contact.models import (
    ContactMessage,
    ContactRequest,
    Direction,
    ReferenceCounter,
    RequestStatus,
)
from contact.processings import PROCESSINGS
from contact.services import (
    contact_reference,
    contact_request_answer,
    contact_request_create,
    contact_request_purge,
    contact_request_transition,
)
from tests.factories import ContactRequestFactory, UserFactory

ARGS = {
    "topic": "inscription",
    "department": "2B",
    "name": "Paul Santoni",
    "email": "paul@exemple.test",
    "message": "Où en est mon inscription\u00a0?",
}


def create(**overrides):
    return contact_request_create(**{**ARGS, **overrides})


@pytest.mark.django_db
def test_references_follow_each_other_within_a_year():
    year = timezone.localdate().year
    first, second = create(), create()
    assert first.reference == f"C-{year}-000001"
    assert second.reference == f"C-{year}-000002"
    assert first.council.code == "2B"
    assert ReferenceCounter.objects.get(year=year).last == 2
    assert contact_reference(year=2027, sequence=123) == "C-2027-000123"


@pytest.mark.django_db
def test_a_new_year_starts_again_at_one(monkeypatch):
    create()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2031, 1, 1))
    assert create().reference == "C-2031-000001"


@pytest.mark.django_db
def test_a_taken_reference_is_retried_with_the_next_free_number():
    """The counter lags behind rows already there (reset, import): the unique constraint
    refuses the number and the service takes the next free one."""
    year = timezone.localdate().year
    for sequence in (1, 2):
        ContactRequestFactory.create(**ARGS, year=year, sequence=sequence)
    assert not ReferenceCounter.objects.exists()
    assert create().reference == f"C-{year}-000003"
    assert ContactRequest.objects.filter(reference__endswith="-000003").count() == 1
    assert ContactMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_distinct_references():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers with a database lock, not row locks")
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            create()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(ContactRequest.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 8


@pytest.mark.django_db
def test_invalid_input_is_refused_before_a_number_is_taken():
    with pytest.raises(ValidationError) as caught:
        create(topic="spam", email="pas-une-adresse", department="20")
    assert set(caught.value.error_dict) == {"topic", "email", "department"}
    assert not ReferenceCounter.objects.exists()


@pytest.mark.django_db
def test_transitions_follow_the_allowed_paths():
    contact_request = create()
    contact_request_transition(request=contact_request, status=RequestStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        contact_request_transition(request=contact_request, status=RequestStatus.NEW)
    contact_request_transition(request=contact_request, status=RequestStatus.CLOSED)
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.CLOSED
    assert contact_request.closed_at is not None
    with pytest.raises(ValidationError):
        contact_request_transition(request=contact_request, status=RequestStatus.CLOSED)
    contact_request_transition(request=contact_request, status=RequestStatus.IN_PROGRESS)
    contact_request.refresh_from_db()
    assert contact_request.closed_at is None


@pytest.mark.django_db
def test_answer_is_stored_emailed_with_the_quote_and_closes(django_capture_on_commit_callbacks):
    staff = UserFactory.create(email="agent@ordre.test", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        contact_request = create()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = contact_request_answer(
            request=contact_request, author=staff, body="Votre dossier est complet."
        )
    assert answer.direction == Direction.OUT
    assert answer.author == staff
    answer.refresh_from_db()
    assert answer.emailed_at is not None
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.CLOSED
    assert list(contact_request.messages.values_list("direction", flat=True)) == ["in", "out"]
    (email,) = mail.outbox
    assert email.to == ["paul@exemple.test"]
    assert contact_request.reference in email.subject
    assert "Votre dossier est complet." in email.body
    assert "> Où en est mon inscription\u00a0?" in email.body
    assert email.reply_to == [contact_request.council.email]


@pytest.mark.django_db
def test_answer_without_closing_takes_the_request_in_hand():
    staff = UserFactory.create(is_staff=True)
    contact_request = create()
    contact_request_answer(request=contact_request, author=staff, body="Je regarde.", close=False)
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.IN_PROGRESS


@pytest.mark.django_db
def test_an_empty_answer_is_refused():
    staff = UserFactory.create(is_staff=True)
    contact_request = create()
    with pytest.raises(ValidationError):
        contact_request_answer(request=contact_request, author=staff, body="   ")
    assert contact_request.messages.count() == 1


@pytest.mark.django_db
def test_an_email_is_sent_once_even_if_the_task_runs_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contact_request = create()
    inbound = contact_request.messages.get()
    assert contact_message_email_send(message_id=inbound.pk) is False
    assert contact_message_email_send(message_id=999_999) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_purge_deletes_only_requests_closed_long_ago():
    old_closed, recent_closed, old_open = create(), create(), create()
    for contact_request in (old_closed, recent_closed):
        contact_request_transition(request=contact_request, status=RequestStatus.CLOSED)
    long_ago = timezone.now() - datetime.timedelta(days=3 * 365 + 1)
    ContactRequest.objects.filter(pk=old_closed.pk).update(closed_at=long_ago)
    ContactRequest.objects.filter(pk=old_open.pk).update(created_at=long_ago)
    cutoff = timezone.now() - datetime.timedelta(days=3 * 365)
    assert contact_request_purge(older_than=cutoff) == 1
    assert set(ContactRequest.objects.values_list("pk", flat=True)) == {
        recent_closed.pk,
        old_open.pk,
    }
    assert not ContactMessage.objects.filter(request_id=old_closed.pk).exists()
    assert contact_request_purge(older_than=cutoff) == 0


def test_processing_declares_the_models_and_the_retention():
    (processing,) = PROCESSINGS
    assert processing.key == "contact.requests"
    assert processing.models == ("contact.ContactRequest", "contact.ContactMessage")
    assert processing.retention_days == 3 * 365
