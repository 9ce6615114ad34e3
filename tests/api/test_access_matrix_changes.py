"""The change requests' object URLs, tried by every other account: the request, its document.

Doctor A has filed a request with a supporting document. Doctor B gets 404 on each of A's
URLs, logged on `portal.access`; the student and the staff member have no roll entry and are
turned away to the claim page before any lookup. The admin's pages for the request answer
403 to everyone but staff. Nothing changes.
"""

import logging

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from roll.models import ChangeDocumentAccess, ChangeRequest
from roll.services.changes import change_request_create
from tests.api.conftest import PDF
from tests.roll.change_helpers import staged_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed_by_a(people):
    user = people["medecin_a"].user
    return change_request_create(
        doctor=user.doctor,
        user=user,
        values={"phone": "01 43 55 66 77"},
        explanation="Nouveau numéro du cabinet.",
        staged=staged_pdf(user, PDF),
    )


def state() -> list[object]:
    return [
        sorted(ChangeRequest.objects.values_list("pk", "doctor_id", "status", "changes")),
        ChangeDocumentAccess.objects.count(),
    ]


def test_no_change_request_url_answers_another_account(people, filed_by_a, caplog):
    a = people["medecin_a"]
    urls = [
        reverse("roll:change_request_detail", args=[filed_by_a.pk]),
        reverse("roll:change_request_document", args=[filed_by_a.pk]),
    ]
    for url in urls:
        assert a.web.get(url).status_code == 200, url
    before = state()
    for key in ("medecin_b", "etudiant", "staff"):
        intruder = people[key]
        for url in urls:
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = intruder.web.get(url)
            where = f"{key} → GET {url}"
            body = b"" if response.streaming else response.content
            assert b"%PDF" not in body, where
            assert any(
                r.name == "portal.access" and str(intruder.user.pk) in r.getMessage()
                for r in caplog.records
            ), where
            if key == "medecin_b":
                assert response.status_code == 404, where
                assert any(str(filed_by_a.pk) in r.getMessage() for r in caplog.records), where
            else:
                # No roll entry at all: turned away before any lookup.
                assert response.status_code == 302, where
                assert response["Location"] == reverse("claim_start"), where
        listing = intruder.web.get(reverse("roll:change_request_list"))
        assert "Nouveau numéro du cabinet" not in listing.content.decode(), key
    assert state() == before


def test_change_request_admin_pages_answer_403_to_everyone_else(people, filed_by_a, caplog):
    urls = [
        reverse("admin:roll_changerequest_changelist"),
        reverse("admin:roll_changerequest_change", args=[filed_by_a.pk]),
        reverse("admin:roll_changerequest_decision", args=[filed_by_a.pk]),
        reverse("admin:roll_changerequest_document", args=[filed_by_a.pk]),
    ]
    before = state()
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant"):
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = people[key].web.get(url, follow=True)
            assert response.status_code == 403, f"{key} → {url}"
        response = people["medecin_b"].web.post(
            reverse("admin:roll_changerequest_decision", args=[filed_by_a.pk]),
            {"_approve": "1"},
            follow=True,
        )
        assert response.status_code == 403
    assert state() == before
    # Staff see the request once given the permission to (the council's team).
    staff = people["staff"]
    staff.user.user_permissions.add(Permission.objects.get(codename="view_changerequest"))
    assert staff.web.get(urls[1]).status_code == 200
