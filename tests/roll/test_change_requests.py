"""A doctor signals a change of their roll entry: only what changed, a document encrypted at
rest, errors on the fields with the values kept, one open request at most, owner-scoped."""

import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from councils.models import Council
from roll.models import ChangeRequest, ChangeRequestDocument, ChangeStatus, DoctorStatus
from roll.models_changes import OPEN_REQUEST_MESSAGE
from roll.services.changes import NOTHING_CHANGED
from tests.factories import UserFactory
from tests.fixtures.vault import use_local_vault
from tests.roll.change_helpers import (
    KEK,
    PDF,
    claimed_doctor,
    filed_request,
    form_data,
    logged_in,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("roll:change_request_create")
LIST = reverse("roll:change_request_list")


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path):
    return use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")


@pytest.fixture
def client_a(doctor_a):
    return logged_in(doctor_a[0])


def stored(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_space_offers_to_signal_a_change(client_a):
    page = client_a.get(reverse("doctor_space")).content.decode()
    assert "Signaler une modification" in page
    assert CREATE in page
    form = client_a.get(CREATE)
    assert form.status_code == 200
    # The roll's values are the starting point of the form.
    assert 'value="8 rue des Lilas"' in form.content.decode()


def test_only_changed_fields_are_recorded_with_old_and_new_values(
    client_a, doctor_a, council, django_capture_on_commit_callbacks
):
    user, doctor = doctor_a
    data = form_data(doctor, phone="01.43.55.66.77", status=DoctorStatus.RETIRED_ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(CREATE, data)
    change_request = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roll:change_request_detail", args=[change_request.pk])
    assert change_request.changes == {
        "phone": {"old": "", "new": "01 43 55 66 77"},
        "status": {"old": "active", "new": "retired_active"},
    }
    assert change_request.status == ChangeStatus.PENDING
    assert change_request.council == council
    assert change_request.user == user
    doctor.refresh_from_db()
    assert doctor.phone == ""  # nothing reaches the roll before the council decides
    (email,) = mail.outbox
    assert email.to == [user.email]
    assert "bien été reçue" in email.subject
    assert "Retraité en activité" in email.body
    assert "Conseil départemental de la Ville de Paris" in email.body
    assert "Bonjour Dr Anne Durand" in email.body
    html = email.alternatives[0][0]
    assert "01 43 55 66 77" in html
    page = client_a.get(response["Location"]).content.decode()
    assert "En attente" in page
    assert "01 43 55 66 77" in page


def test_the_document_is_encrypted_at_rest_and_the_owner_can_download_it(
    client_a, doctor_a, vault_root
):
    _user, doctor = doctor_a
    data = form_data(doctor, city="Vincennes", postcode="94300")
    data["document"] = SimpleUploadedFile("bail.pdf", PDF)
    response = client_a.post(CREATE, data)
    assert response.status_code == 302
    document = ChangeRequestDocument.objects.get()
    assert document.storage_name.startswith("roll-changes/")
    assert document.content_type == "application/pdf"
    (path,) = stored(vault_root)
    raw = path.read_bytes()
    assert raw.startswith(b"OMVF")
    assert PDF[20:200] not in raw
    download = client_a.get(reverse("roll:change_request_document", args=[document.request_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_one_supporting_document_only_a_second_file_is_never_stored(client_a, doctor_a, vault_root):
    _user, doctor = doctor_a
    data = form_data(doctor, city="Vincennes", postcode="94300")
    data["document"] = [SimpleUploadedFile("bail.pdf", PDF), SimpleUploadedFile("bis.pdf", PDF)]
    response = client_a.post(CREATE, data)
    assert response.status_code == 302
    document = ChangeRequestDocument.objects.get()
    assert document.display_name == "bail.pdf"
    assert [p.relative_to(vault_root).as_posix() for p in stored(vault_root)] == [
        document.storage_name
    ]


def test_a_refused_request_leaves_no_object(client_a, doctor_a, vault_root):
    _user, doctor = doctor_a
    data = form_data(doctor, city="Montreuil", explanation=" ")
    data["document"] = SimpleUploadedFile("bail.pdf", PDF)
    response = client_a.post(CREATE, data)
    assert response.status_code == 400
    assert response.context["document_dropped"] is True
    assert ChangeRequest.objects.count() == 0
    assert stored(vault_root) == []


def test_errors_are_shown_on_their_fields_and_the_values_are_kept(client_a, doctor_a):
    _user, doctor = doctor_a
    data = form_data(doctor, street="12 rue Oberkampf", postcode="7501", phone="12 34")
    response = client_a.post(CREATE, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "5 chiffres" in form.errors["postcode"][0]
    assert "10 chiffres" in form.errors["phone"][0]
    page = response.content.decode()
    assert 'value="12 rue Oberkampf"' in page
    assert 'value="7501"' in page
    assert 'aria-invalid="true"' in page
    assert ChangeRequest.objects.count() == 0


def test_an_address_is_given_whole(client_a, doctor_a):
    _user, doctor = doctor_a
    response = client_a.post(CREATE, form_data(doctor, street="", postcode="", city="Lyon"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Complétez l’adresse" in errors["street"][0]
    assert "postcode" in errors
    assert "city" not in errors


def test_nothing_changed_is_refused(client_a, doctor_a):
    _user, doctor = doctor_a
    response = client_a.post(CREATE, form_data(doctor))
    assert response.status_code == 400
    assert NOTHING_CHANGED in response.context["form"].non_field_errors()
    assert ChangeRequest.objects.count() == 0


def test_explanation_is_required(client_a, doctor_a):
    _user, doctor = doctor_a
    response = client_a.post(CREATE, form_data(doctor, city="Montreuil", explanation=" "))
    assert response.status_code == 400
    assert "Expliquez" in response.context["form"].errors["explanation"][0]


def test_a_refused_file_type_is_a_field_error_and_nothing_is_kept(client_a, doctor_a, vault_root):
    _user, doctor = doctor_a
    data = form_data(doctor, city="Montreuil", postcode="93100", street="1 rue de Paris")
    data["document"] = SimpleUploadedFile("bail.pdf", b"MZ\x90\x00" + b"\x00" * 500)
    response = client_a.post(CREATE, data)
    assert response.status_code == 400
    assert "type accepté" in response.context["form"].errors["document"][0]
    assert 'value="Montreuil"' in response.content.decode()
    assert ChangeRequest.objects.count() == 0
    assert stored(vault_root) == []


def test_a_refused_form_drops_the_encrypted_file(client_a, doctor_a, vault_root):
    _user, doctor = doctor_a
    data = form_data(doctor, postcode="123")
    data["document"] = SimpleUploadedFile("bail.pdf", PDF)
    response = client_a.post(CREATE, data)
    assert response.status_code == 400
    assert "choisissez-le de nouveau" in response.content.decode()
    assert stored(vault_root) == []


def test_one_open_request_at_most(client_a, doctor_a, vault_root):
    user, doctor = doctor_a
    first = filed_request(user, doctor, with_document=True)
    response = client_a.get(CREATE)
    assert response.status_code == 302
    assert response["Location"] == reverse("roll:change_request_detail", args=[first.pk])
    with pytest.raises(ValidationError) as error:
        filed_request(user, doctor, with_document=True, phone="0611223344")
    assert OPEN_REQUEST_MESSAGE in error.value.messages
    # The refused request's document did not stay in storage.
    assert len(stored(vault_root)) == 1
    # The database holds the rule too, whatever code path writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequest.objects.create(
            doctor=doctor, user=user, changes={"phone": {"old": "", "new": "x"}}, explanation="x"
        )


def test_the_list_shows_states_and_the_refusal_reason(client_a, doctor_a, council):
    user, doctor = doctor_a
    staff = UserFactory.create(email="instruction@ordre.test", is_staff=True)
    from roll.services.changes import change_request_refuse

    change_request_refuse(
        request=filed_request(user, doctor),
        staff=staff,
        reason="Le bail joint ne mentionne pas votre nom.",
    )
    filed_request(user, doctor, phone="0611223344")
    page = client_a.get(LIST).content.decode()
    assert "Refusée" in page
    assert "Le bail joint ne mentionne pas votre nom." in page
    assert "En attente" in page
    space = client_a.get(reverse("doctor_space")).content.decode()
    assert "Suivre ma demande en attente" in space


def test_another_doctor_gets_404_everywhere(client_a, doctor_a, caplog):
    user, doctor = doctor_a
    mine = filed_request(user, doctor, with_document=True)
    other_user, _other = claimed_doctor("paul.martin@exemple.test", last_name="Martin")
    other = logged_in(other_user)
    for url in (
        reverse("roll:change_request_detail", args=[mine.pk]),
        reverse("roll:change_request_document", args=[mine.pk]),
    ):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="portal.access"):
            response = other.get(url)
        assert response.status_code == 404, url
        assert any(str(other_user.pk) in r.getMessage() for r in caplog.records), url
    listing = other.get(LIST).content.decode()
    assert f"n°&nbsp;{mine.pk}" not in listing
    assert "aucune modification" in listing


def test_an_unclaimed_account_is_sent_to_the_claim_page(db):
    student = UserFactory.create(email="etudiante@exemple.test")
    client = logged_in(student)
    for url in (LIST, CREATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("claim_start")
    assert client.post(CREATE, {"city": "Lyon"}).status_code == 302
    assert ChangeRequest.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_suspended_doctor_cannot_request_a_change_of_situation(council):
    user, doctor = claimed_doctor("suspendu@exemple.test", status=DoctorStatus.SUSPENDED)
    client = logged_in(user)
    response = client.get(CREATE)
    assert "status" not in response.context["form"].fields
    assert "par décision de votre conseil" in response.content.decode()
    data = form_data(doctor, phone="0611223344")
    data["status"] = DoctorStatus.ACTIVE
    assert client.post(CREATE, data).status_code == 302
    assert set(ChangeRequest.objects.get().changes) == {"phone"}


def test_a_doctor_without_a_council_still_files(db):
    # Every département ships with a council; staff may still remove one.
    Council.objects.filter(code="976").delete()
    user, doctor = claimed_doctor("outremer@exemple.test", department="976", postcode="97600")
    change_request = filed_request(user, doctor, phone="0269610000")
    assert change_request.council is None
