"""Staff decide change requests: approval writes the roll (and the directory follows), refusal
needs a reason, decisions are guarded and staff-only, each step is emailed once."""

import base64

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from directory.models import DirectoryEntry
from legal.processing import processing_get
from roll.emails import change_request_email_send
from roll.models import (
    ChangeDocumentAccess,
    ChangeRequest,
    ChangeRequestDocument,
    ChangeStatus,
    ChangeStep,
    DoctorStatus,
)
from roll.services.changes import (
    TransitionRefused,
    change_request_approve,
    change_request_refuse,
)
from tests.fixtures.vault import read, set_vault_keys, use_local_vault
from tests.roll.change_helpers import (
    KEK,
    PDF,
    claimed_doctor,
    filed_request,
    logged_in,
)
from vault.maintenance import encrypted_models

pytestmark = pytest.mark.django_db

KEK_2 = base64.b64encode(bytes(range(100, 132))).decode()


@pytest.fixture(autouse=True)
def _vault(settings, tmp_path):
    use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")


@pytest.fixture
def pending(doctor_a):
    user, doctor = doctor_a
    return filed_request(
        user,
        doctor,
        with_document=True,
        street="3 avenue Daumesnil",
        postcode="75012",
        phone="01 43 55 66 77",
        status=DoctorStatus.RETIRED_ACTIVE,
    )


def decision_url(change_request: ChangeRequest) -> str:
    return reverse("admin:roll_changerequest_decision", args=[change_request.pk])


def test_approval_writes_the_roll_and_the_directory_follows(
    pending, staff_user, doctor_a, django_capture_on_commit_callbacks
):
    _user, doctor = doctor_a
    with django_capture_on_commit_callbacks(execute=True):
        decided = change_request_approve(request=pending, staff=staff_user)
    assert decided.status == ChangeStatus.APPROVED
    assert decided.decided_by == staff_user
    assert decided.decided_at is not None
    doctor.refresh_from_db()
    assert (doctor.street, doctor.postcode, doctor.city) == ("3 avenue Daumesnil", "75012", "Paris")
    assert doctor.phone == "01 43 55 66 77"
    assert doctor.status == DoctorStatus.RETIRED_ACTIVE
    entry = DirectoryEntry.objects.get(doctor=doctor)
    assert entry.postcode == "75012"
    (email,) = mail.outbox
    assert "acceptée" in email.subject
    assert "annuaire public sont à jour" in email.body
    assert "3 avenue Daumesnil" in email.body
    steps = list(pending.events.values_list("step", flat=True))
    assert steps == [ChangeStep.RECEIVED, ChangeStep.APPROVED]


def test_the_public_directory_page_shows_the_new_address(pending, staff_user, doctor_a, client):
    _user, doctor = doctor_a
    change_request_approve(request=pending, staff=staff_user)
    page = client.get(reverse("directory_entry", args=[doctor.rpps])).content.decode()
    assert "3 avenue Daumesnil" in page
    assert "01 43 55 66 77" not in page  # the phone is not a public field


def test_refusal_needs_a_reason_and_is_emailed_with_it(
    pending, staff_user, doctor_a, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        change_request_refuse(request=pending, staff=staff_user, reason="  ")
    assert "reason" in error.value.message_dict
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        change_request_refuse(
            request=pending, staff=staff_user, reason="Le bail joint ne mentionne pas votre nom."
        )
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.REFUSED
    assert pending.refusal_reason == "Le bail joint ne mentionne pas votre nom."
    _user, doctor = doctor_a
    doctor.refresh_from_db()
    assert doctor.postcode == "75011"  # the roll is untouched
    (email,) = mail.outbox
    assert "n’a pas été acceptée" in email.subject
    assert "Le bail joint ne mentionne pas votre nom." in email.body
    assert "01 53 00 00 00" in email.body  # the council's phone, to ask why


def test_transitions_are_guarded(pending, staff_user, doctor_a):
    change_request_refuse(request=pending, staff=staff_user, reason="Justificatif illisible.")
    with pytest.raises(TransitionRefused):
        change_request_approve(request=pending, staff=staff_user)
    with pytest.raises(TransitionRefused):
        change_request_refuse(request=pending, staff=staff_user, reason="Encore.")
    _user, doctor = doctor_a
    doctor.refresh_from_db()
    assert doctor.postcode == "75011"
    # Once decided, the doctor may file a new request.
    user, doctor = doctor_a
    assert filed_request(user, doctor, phone="0611223344").is_open


def test_non_staff_cannot_decide(pending, doctor_a):
    user, _doctor = doctor_a
    with pytest.raises(PermissionDenied):
        change_request_approve(request=pending, staff=user)
    with pytest.raises(PermissionDenied):
        change_request_refuse(request=pending, staff=user, reason="Je refuse.")
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.PENDING
    client = logged_in(user)
    response = client.post(decision_url(pending), {"_approve": "1"}, follow=True)
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.PENDING


def test_each_email_is_sent_once(pending):
    event = pending.events.get(step=ChangeStep.RECEIVED)
    assert change_request_email_send(event_id=event.pk) is True
    assert change_request_email_send(event_id=event.pk) is False
    assert len(mail.outbox) == 1
    event.refresh_from_db()
    assert event.email_sent_at is not None
    assert change_request_email_send(event_id=987654) is False


def test_the_admin_queue_filters_by_council_and_status(pending, staff_client, council):
    user, doctor = claimed_doctor("lyon@exemple.test", department="69", last_name="Lyonnais")
    filed_request(user, doctor, phone="0478000000")
    changelist = reverse("admin:roll_changerequest_changelist")
    page = staff_client.get(changelist, {"council__id__exact": council.pk}).content.decode()
    assert "Durand" in page
    assert "Lyonnais" not in page
    assert (
        "Durand" not in staff_client.get(changelist, {"status__exact": "approved"}).content.decode()
    )


def test_the_change_page_shows_old_and_new_values_and_the_document(pending, staff_client):
    url = reverse("admin:roll_changerequest_change", args=[pending.pk])
    page = staff_client.get(url).content.decode()
    assert "8 rue des Lilas" in page
    assert "3 avenue Daumesnil" in page
    assert "Retraité en activité" in page
    download_url = reverse("admin:roll_changerequest_document", args=[pending.pk])
    assert download_url in page
    assert decision_url(pending) in page


def test_staff_download_is_decrypted_and_logged(pending, staff_client, staff_user):
    response = staff_client.get(reverse("admin:roll_changerequest_document", args=[pending.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    access = ChangeDocumentAccess.objects.get()
    assert access.actor == staff_user
    assert access.document == pending.document


def test_the_decision_page_needs_a_reason_to_refuse(pending, staff_client):
    response = staff_client.post(decision_url(pending), {"_refuse": "1", "reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif du refus" in response.context["form"].errors["reason"][0]
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.PENDING
    response = staff_client.post(decision_url(pending), {"_approve": "1"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ChangeStatus.APPROVED
    # A second decision is refused on its page, with the reason why.
    response = staff_client.post(decision_url(pending), {"_refuse": "1", "reason": "Erreur."})
    assert response.status_code == 400
    assert "ne peut pas passer" in response.content.decode()


def test_documents_are_rotated_with_the_vault_keys(pending, settings):
    assert ChangeRequestDocument in encrypted_models()
    set_vault_keys(settings, f"k1:{KEK},k2:{KEK_2}", "k2")
    call_command("vault_rotate_keys")
    call_command("vault_rotate_keys", "--retire", "k1")
    set_vault_keys(settings, f"k2:{KEK_2}")
    document = ChangeRequestDocument.objects.get()
    assert document.kek_id == "k2"
    assert read(document) == PDF


def test_processings_name_the_roll_and_the_change_requests():
    roll = processing_get("roll.roll")
    assert roll.models == ("roll.Doctor",)
    assert "L. 4112-1" in roll.legal_basis
    changes = processing_get("roll.change_requests")
    assert "roll.ChangeRequest" in changes.models
    assert "roll.ChangeRequestDocument" in changes.models
