"""The exemption requests' URLs, tried by every other account: the request, its documents,
adding a document, withdrawing it; and the admin's pages.

Doctor A has filed a request with a document on their call. Doctor B gets 404 on each of A's
URLs, logged on `django.request`; the student and the staff member have no roll entry and are
sent to the dues space (which sends them on to claim one) before any lookup. The admin's
pages answer 403 to everyone but staff. Nothing changes.
"""

import datetime
import logging

import pytest
from django.urls import reverse

from cotisations.models import DuesCall
from cotisations.services.campaigns import campaign_open
from exemptions.models import ExemptionDocument, ExemptionRequest
from exemptions.services import exemption_request_create
from exemptions.uploads import ALLOWED_TYPES, MAX_FILE_BYTES
from tests.api.conftest import PDF
from vault.streams import stage_chunks

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed_by_a(people):
    user = people["medecin_a"].user
    year = datetime.date.today().year
    campaign, _ = campaign_open(year=year)
    call = DuesCall.objects.get(doctor=user.doctor, campaign=campaign)
    staged = stage_chunks(
        [PDF],
        owner_id=user.pk,
        file_name="avis-imposition.pdf",
        max_bytes=MAX_FILE_BYTES,
        quota_left=MAX_FILE_BYTES,
        allowed_types=ALLOWED_TYPES,
        name_prefix=ExemptionDocument.storage_prefix,
    )
    return exemption_request_create(
        user=user,
        call_id=call.pk,
        kind="half",
        reason="financial",
        explanation="Cabinet sinistré en janvier.",
        staged=staged,
        today=campaign.call_date,
    )


def state() -> list[object]:
    return [
        sorted(ExemptionRequest.objects.values_list("pk", "call_id", "status")),
        sorted(ExemptionDocument.objects.values_list("pk", "request_id")),
        sorted(DuesCall.objects.values_list("pk", "status", "amount_cents")),
    ]


def test_no_exemption_url_answers_another_account(people, filed_by_a, caplog):
    a = people["medecin_a"]
    document = filed_by_a.documents.get()
    gets = [
        reverse("exemptions:detail", args=[filed_by_a.pk]),
        reverse("exemptions:document", args=[filed_by_a.pk, document.pk]),
    ]
    posts = [
        reverse("exemptions:withdraw", args=[filed_by_a.pk]),
        reverse("exemptions:documents_add", args=[filed_by_a.pk]),
    ]
    for url in gets:
        assert a.web.get(url).status_code == 200, url
    before = state()
    for key in ("medecin_b", "etudiant", "staff"):
        intruder = people[key]
        for method, url in [("get", u) for u in gets] + [("post", u) for u in posts]:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                response = getattr(intruder.web, method)(url)
            where = f"{key} → {method.upper()} {url}"
            body = b"" if response.streaming else response.content
            assert b"%PDF" not in body, where
            if key == "medecin_b":
                assert response.status_code == 404, where
                assert any(
                    r.name == "django.request" and url in r.getMessage() for r in caplog.records
                ), where
            else:
                # No roll entry at all: turned away before any lookup.
                assert response.status_code == 302, where
                assert response["Location"] == reverse("cotisations:space"), where
        listing = intruder.web.get(reverse("exemptions:home"))
        assert "Cabinet sinistré" not in listing.content.decode(), key
    assert state() == before


def test_exemption_admin_pages_answer_403_to_everyone_else(people, filed_by_a):
    document = filed_by_a.documents.get()
    urls = [
        reverse("admin:exemptions_exemptionrequest_changelist"),
        reverse("admin:exemptions_exemptionrequest_change", args=[filed_by_a.pk]),
        reverse("admin:exemptions_exemptionrequest_decision", args=[filed_by_a.pk]),
        reverse("admin:exemptions_exemptionrequest_document", args=[filed_by_a.pk, document.pk]),
    ]
    before = state()
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant"):
            response = people[key].web.get(url, follow=True)
            assert response.status_code == 403, f"{key} → {url}"
    response = people["medecin_b"].web.post(
        urls[2], {"decision": "granted_total", "reason": "Pirate."}, follow=True
    )
    assert response.status_code == 403
    # Staff without the permission are refused too.
    for url in urls[1:]:
        assert people["staff"].web.get(url).status_code == 403, url
    assert state() == before
