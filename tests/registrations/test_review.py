"""Staff review: guarded transitions with history, one email per change, approval onto the roll."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from registrations.emails import status_email_send
from registrations.models import StatusChange
from registrations.services import (
    TransitionRefused,
    registration_approve,
    registration_reject,
    registration_request_documents,
    registration_submit,
)
from roll.models import DoctorStatus
from roll.rpps import luhn_check_digit
from tests.factories import DoctorFactory
from tests.registrations.conftest import add_document

pytestmark = pytest.mark.django_db

RPPS = "1012345678" + luhn_check_digit("1012345678")


@pytest.fixture
def submitted(complete_draft, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return registration_submit(registration=complete_draft, actor=applicant)


def test_each_change_is_recorded_and_emailed_once(
    submitted, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_reject(
            registration=submitted, actor=staff_user, reason="Dossier non recevable."
        )
    changes = list(StatusChange.objects.order_by("pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("draft", "submitted"),
        ("submitted", "rejected"),
    ]
    assert changes[1].actor == staff_user
    assert all(c.email_sent_at is not None for c in changes)
    assert len(mail.outbox) == 2
    assert "Dossier non recevable." in mail.outbox[1].body
    # The task may run twice (retry, redelivery): the email goes once.
    assert status_email_send(change_id=changes[1].pk) is False
    assert len(mail.outbox) == 2


def test_transitions_are_guarded(submitted, staff_user, complete_draft):
    registration_reject(registration=submitted, actor=staff_user, reason="Incomplet.")
    with pytest.raises(TransitionRefused):
        registration_approve(registration=submitted, actor=staff_user, rpps=RPPS)
    with pytest.raises(TransitionRefused):
        registration_request_documents(
            registration=submitted, actor=staff_user, message="Un papier"
        )
    with pytest.raises(TransitionRefused):
        registration_submit(registration=submitted, actor=submitted.user)


def test_reasons_and_messages_are_required(submitted, staff_user):
    with pytest.raises(ValidationError) as error:
        registration_reject(registration=submitted, actor=staff_user, reason="  ")
    assert error.value.message_dict == {"reason": ["Indiquez le motif du refus."]}
    with pytest.raises(ValidationError):
        registration_request_documents(registration=submitted, actor=staff_user, message="")


def test_approval_needs_a_valid_rpps(submitted, staff_user):
    with pytest.raises(ValidationError) as error:
        registration_approve(registration=submitted, actor=staff_user, rpps="10123456780")
    assert "rpps" in error.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_approval_updates_an_existing_roll_entry(submitted, staff_user):
    existing = DoctorFactory(rpps=RPPS, status=DoctorStatus.SUSPENDED, email="ancienne@x.test")
    registration_approve(registration=submitted, actor=staff_user, rpps=RPPS)
    existing.refresh_from_db()
    assert existing.status == DoctorStatus.ACTIVE
    assert existing.email == "camille.lefevre@exemple.test"
    assert existing.last_name == "Lefèvre"
    submitted.refresh_from_db()
    assert submitted.doctor == existing
    assert submitted.rpps == RPPS


def test_documents_requested_returns_to_submitted_only_with_a_new_document(
    submitted, staff_user, applicant
):
    registration_request_documents(
        registration=submitted, actor=staff_user, message="Un justificatif"
    )
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="Déposez d’abord"):
        registration_submit(registration=submitted, actor=applicant)
    add_document(submitted, "other")
    assert registration_submit(registration=submitted, actor=applicant).status == "submitted"


def test_rejection_reason_is_shown_to_the_applicant(submitted, staff_user, applicant_client):
    registration_reject(
        registration=submitted, actor=staff_user, reason="Pièce d’identité illisible."
    )
    page = applicant_client.get(reverse("registrations:status")).content.decode()
    assert "Refusée" in page
    assert "Pièce d’identité illisible." in page


def test_admin_decision_errors_are_shown_and_change_nothing(submitted, staff_client):
    url = reverse("admin:registrations_decision", args=[submitted.pk])
    page = staff_client.post(url, {"rpps": "123", "_approve": "1"}).content.decode()
    assert "RPPS" in page
    page = staff_client.post(url, {"reason": "", "_reject": "1"}).content.decode()
    assert "Indiquez le motif du refus." in page
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_admin_lists_filters_and_shows_a_request(submitted, staff_client):
    changelist = reverse("admin:registrations_registrationrequest_changelist")
    assert "Lefèvre" in staff_client.get(changelist, {"departement": "69"}).content.decode()
    assert "Lefèvre" not in staff_client.get(changelist, {"departement": "75"}).content.decode()
    assert "Lefèvre" not in (
        staff_client.get(changelist, {"status__exact": "approved"}).content.decode()
    )
    change = reverse("admin:registrations_registrationrequest_change", args=[submitted.pk])
    page = staff_client.get(change).content.decode()
    assert reverse("admin:registrations_decision", args=[submitted.pk]) in page
    assert "identity.pdf" in page


def test_non_staff_cannot_reach_the_decision_page(submitted, applicant_client):
    url = reverse("admin:registrations_decision", args=[submitted.pk])
    assert applicant_client.post(url, {"rpps": RPPS, "_approve": "1"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
