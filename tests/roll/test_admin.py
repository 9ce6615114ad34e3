import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roll.models import Doctor
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory
from tests.roll.helpers import csv_bytes, row, rpps

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:roll_doctor_changelist"
IMPORT = "admin:roll_doctor_import"


def upload(data: bytes, name: str = "tableau.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_changelist_shows_doctors_account_link_and_the_import_button(staff_client):
    claimed = DoctorFactory.create(last_name="Lemoine", first_name="Inès")
    UserFactory.create(doctor=claimed)
    DoctorFactory.create(last_name="Aubert")

    response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    page = response.content.decode()
    assert "LEMOINE Inès" in page
    assert claimed.rpps in page
    assert reverse(IMPORT) in page
    assert "Importer un fichier CSV" in page
    assert page.index("AUBERT") < page.index("LEMOINE")
    assert page.count('alt="True"') == 1
    assert page.count('alt="False"') == 1


def test_changelist_queries_do_not_grow_with_the_number_of_doctors(
    staff_client, django_assert_max_num_queries
):
    for _ in range(3):
        UserFactory.create(with_doctor=True)
    DoctorFactory.create_batch(40)
    staff_client.get(reverse(CHANGELIST))  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse(CHANGELIST))
    assert response.status_code == 200


def test_search_by_rpps_typed_with_spaces_finds_only_that_doctor(staff_client):
    wanted = DoctorFactory.create(last_name="Cherché")
    DoctorFactory.create(last_name="Autre")
    spaced = f"{wanted.rpps[:2]} {wanted.rpps[2:6]} {wanted.rpps[6:]}"

    response = staff_client.get(reverse(CHANGELIST), {"q": spaced})

    assert list(response.context["cl"].result_list) == [wanted]


def test_search_by_name_and_filter_by_department(staff_client):
    lyon = DoctorFactory.create(last_name="Girard", department="69")
    DoctorFactory.create(last_name="Girard", department="75")

    by_name = staff_client.get(reverse(CHANGELIST), {"q": "gira"})
    assert by_name.context["cl"].result_count == 2
    filtered = staff_client.get(reverse(CHANGELIST), {"q": "gira", "department": "69"})
    assert list(filtered.context["cl"].result_list) == [lyon]
    assert "69 – Rhône" in filtered.content.decode()


def test_import_page_offers_an_accessible_form(staff_client):
    response = staff_client.get(reverse(IMPORT))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_file"' in page
    assert 'aria-describedby="id_file_helptext"' in page


def test_import_upload_creates_doctors_and_shows_the_report(staff_client):
    DoctorFactory.create(rpps=rpps(1), specialty="Pédiatrie")
    data = csv_bytes([row(1), row(2), row(3, departement="20"), row(4)], bom=True)

    response = staff_client.post(reverse(IMPORT), {"file": upload(data)})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (2, 1, 0)
    page = response.content.decode()
    assert "Bilan de l'import" in page
    assert "<td>4</td>" in page
    assert "département « 20 » inconnu" in page
    assert Doctor.objects.count() == 3
    assert Doctor.objects.get(rpps=rpps(1)).specialty.startswith("Cardiologie")


def test_import_upload_of_a_broken_file_shows_a_field_error_and_changes_nothing(
    staff_client,
):
    doctor = DoctorFactory.create()

    response = staff_client.post(
        reverse(IMPORT), {"file": upload(b"\x00\x01\x02 binary", name="photo.csv")}
    )

    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["file"] == [
        "Le fichier contient des données binaires : ce n’est pas un fichier CSV."
    ]
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'id="id_file_error"' in page
    assert list(Doctor.objects.all()) == [doctor]


def test_import_without_a_file_asks_for_one(staff_client):
    response = staff_client.post(reverse(IMPORT), {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Doctor.objects.exists()


def test_import_dry_run_reports_without_saving(staff_client):
    response = staff_client.post(
        reverse(IMPORT), {"file": upload(csv_bytes([row(1), row(2)])), "dry_run": "on"}
    )
    assert response.context["report"].created == 2
    assert "rien n'a été enregistré" in response.content.decode()
    assert not Doctor.objects.exists()


def test_staff_without_the_roll_permissions_cannot_import(client):
    staff = UserFactory.create(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_doctor"))
    force_mfa_login(client, staff)

    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert "Importer un fichier CSV" not in client.get(reverse(CHANGELIST)).content.decode()
    response = client.post(reverse(IMPORT), {"file": upload(csv_bytes([row(1)]))})
    assert response.status_code == 403
    assert not Doctor.objects.exists()


def test_import_page_requires_a_session_opened_with_mfa(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse(IMPORT), {"file": upload(csv_bytes([row(1)]))})
    assert response.status_code == 302
    assert not Doctor.objects.exists()
