"""The data export's download, tried by every other account, and the privacy admin pages.

Doctor A has a ready export. Doctor B, the student and the staff member, each just
reauthenticated, get 404 on A's download URL (logged on `portal.access`, no byte of the ZIP);
anonymous visitors are sent to the login. After expiry, A gets 404 too. The admin's pages
answer 403 to everyone but staff. Nothing changes.
"""

import logging

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from privacy.models import AccountClosure, DataExport
from privacy.services.closures import account_close
from privacy.services.exports import export_request
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_of_a(people):
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = export_request(user=people["medecin_a"].user, include_documents=True)
    export.refresh_from_db()
    assert export.status == "ready"
    return export


def reauthenticate(client: Client) -> Client:
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def state() -> list[object]:
    return [
        sorted(DataExport.objects.values_list("pk", "user_id", "status", "downloaded_at")),
        sorted(AccountClosure.objects.values_list("pk", "user_id", "status")),
    ]


def test_only_the_owner_downloads_the_export(people, export_of_a, caplog):
    url = reverse("privacy:export_download", args=[export_of_a.pk])
    before = state()
    for key in ("medecin_b", "etudiant", "staff"):
        intruder = reauthenticate(people[key].web)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            response = intruder.get(url)
        assert response.status_code == 404, key
        assert not response.streaming, key
        assert any(
            r.name == "portal.access" and str(export_of_a.pk) in r.getMessage()
            for r in caplog.records
        ), key
        page = intruder.get(reverse("privacy:data")).content.decode()
        assert str(export_of_a.pk) not in page, key
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert state() == before

    owner = reauthenticate(people["medecin_a"].web)
    response = owner.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_owner_needs_a_fresh_password_and_nobody_gets_it_after_expiry(people, export_of_a):
    url = reverse("privacy:export_download", args=[export_of_a.pk])
    owner = people["medecin_a"].web
    response = owner.get(url)
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    DataExport.objects.filter(pk=export_of_a.pk).update(expires_at=timezone.now())
    assert reauthenticate(owner).get(url).status_code == 404


def test_privacy_admin_pages_answer_403_to_everyone_else(people, export_of_a, staff_client):
    closure = account_close(user=UserFactory.create())
    urls = [
        reverse("admin:privacy_dataexport_changelist"),
        reverse("admin:privacy_dataexport_change", args=[export_of_a.pk]),
        reverse("admin:privacy_accountclosure_changelist"),
        reverse("admin:privacy_accountclosure_change", args=[closure.pk]),
    ]
    before = state()
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant"):
            assert people[key].web.get(url, follow=True).status_code == 403, f"{key} → {url}"
    response = people["medecin_b"].web.post(
        urls[2], {"action": "reopen", "_selected_action": [closure.pk]}, follow=True
    )
    assert response.status_code == 403
    assert state() == before
    # Staff without the permission are refused too; a superuser sees them.
    assert people["staff"].web.get(urls[0]).status_code == 403
    for url in urls:
        assert staff_client.get(url).status_code == 200, url
