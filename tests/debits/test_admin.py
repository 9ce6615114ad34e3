"""Staff in admin: generate a batch, download it, mark it submitted, import the bank's
report, enter a return by hand. The admin calls the same services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cotisations.models import CallStatus
from debits.models import BatchStatus, DebitBatch, DebitReturn, DebitStatus, ReturnSource
from debits.pain008 import pain008_validate
from tests.auth_helpers import force_mfa_login
from tests.debits.conftest import first_due, make_plan, pain002
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BATCHES = "/admin/debits/debitbatch/"


@pytest.fixture
def staff_client(client):
    force_mfa_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def plan(doctor_user, call):
    return make_plan(doctor_user, call)


def generate(staff_client, when) -> str:
    response = staff_client.post(
        f"{BATCHES}generer/", {"collection_date": when.isoformat()}, follow=True
    )
    return response.content.decode()


def test_staff_generate_download_and_submit_a_batch(staff_client, plan):
    page = generate(staff_client, first_due(plan))
    batch = DebitBatch.objects.get()
    assert f"Lot {batch.message_id} généré" in page
    again = generate(staff_client, first_due(plan))
    assert "existe déjà" in again
    assert DebitBatch.objects.count() == 1
    download = staff_client.get(f"{BATCHES}{batch.pk}/fichier.xml")
    assert download["Content-Disposition"] == f'attachment; filename="{batch.message_id}.xml"'
    pain008_validate(download.content)
    staff_client.post(BATCHES, {"action": "submit", "_selected_action": [batch.pk]})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SUBMITTED


def test_a_past_date_is_refused_on_its_field(staff_client, plan):
    page = generate(staff_client, timezone.localdate() - timedelta(days=2))
    assert "ne peut pas être passée" in page
    assert DebitBatch.objects.count() == 0


def test_staff_import_the_banks_report(staff_client, plan, call):
    generate(staff_client, first_due(plan))
    batch = DebitBatch.objects.get()
    debit = plan.debits.get(number=1)
    upload = SimpleUploadedFile("retour.xml", pain002(batch, rejected=debit), "text/xml")
    page = staff_client.post(f"{BATCHES}importer/", {"file": upload}, follow=True)
    assert "1 rejet enregistré" in page.content.decode()
    debit.refresh_from_db()
    assert debit.status == DebitStatus.REJECTED
    bad = SimpleUploadedFile("retour.xml", b"<pas du xml", "text/xml")
    refused = staff_client.post(f"{BATCHES}importer/", {"file": bad})
    assert "n’est pas un XML lisible" in refused.content.decode()


def test_staff_enter_a_return_by_hand(staff_client, plan, call):
    generate(staff_client, first_due(plan))
    debit = plan.debits.get(number=1)
    url = "/admin/debits/scheduleddebit/"
    selected = {"action": "record_return", "_selected_action": [debit.pk]}
    confirmation = staff_client.post(url, selected)
    assert "Code motif" in confirmation.content.decode()
    staff_client.post(url, {**selected, "apply": "1", "reason_code": "MS02"}, follow=True)
    record = DebitReturn.objects.get()
    assert (record.reason_code, record.source) == ("MS02", ReturnSource.STAFF)
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN


def test_mandates_show_the_iban_masked(staff_client, plan):
    page = staff_client.get(f"/admin/debits/mandate/{plan.mandate_id}/change/").content.decode()
    assert "FR76 •••• •••• 0189" in page
    assert plan.mandate.iban not in page
