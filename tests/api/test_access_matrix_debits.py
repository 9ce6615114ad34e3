"""The direct-debit object URLs, tried by every other account: plan, mandate PDF, actions.

Doctor A pays by direct debit. Doctor B gets 404 on each of A's URLs, logged on
`portal.access`; the student and the staff member have no roll entry and get 404 too (no dues
at all, as on the dues pages). The staff's batch pages answer 403 to everyone else. Nothing
changes.
"""

import logging

import pytest
from django.urls import reverse

from cotisations.models import DuesCall
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from debits.models import DebitPlan, Mandate, ScheduledDebit
from debits.services.batches import batch_generate
from tests.debits.conftest import OTHER_IBAN, first_due, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_of_a(people) -> DebitPlan:
    campaign = campaign_create(year=2027)
    campaign_open_calls(campaign_id=campaign.pk)
    user = people["medecin_a"].user
    call = DuesCall.objects.get(doctor=user.doctor, campaign=campaign)
    return make_plan(user, call)


def state() -> list[object]:
    return [
        sorted(DebitPlan.objects.values_list("pk", "status", "renew", "mandate_id")),
        sorted(Mandate.objects.values_list("pk", "status", "iban")),
        sorted(ScheduledDebit.objects.values_list("pk", "status", "mandate_id")),
    ]


def test_no_debit_url_answers_another_account(people, plan_of_a, caplog):
    a = people["medecin_a"]
    plan, mandate = plan_of_a.pk, plan_of_a.mandate_id
    account = {"debtor_name": "Intrus", "iban": OTHER_IBAN, "bic": "", "accept": "on"}
    attempts = [
        ("get", reverse("debits:plan", args=[plan]), None, plan),
        ("get", reverse("debits:account", args=[plan]), None, plan),
        ("post", reverse("debits:account", args=[plan]), account, plan),
        ("post", reverse("debits:stop", args=[plan]), {}, plan),
        ("post", reverse("debits:renewal", args=[plan]), {"renew": "0"}, plan),
        ("get", reverse("debits:mandate_pdf", args=[mandate]), None, mandate),
    ]
    for method, url, _, _ in attempts:
        if method == "get":
            assert a.web.get(url).status_code == 200, url
    before = state()
    for key in ("medecin_b", "etudiant", "staff"):
        intruder = people[key]
        for method, url, data, pk in attempts:
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = getattr(intruder.web, method)(url, data or {})
            where = f"{key} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in (b"" if response.streaming else response.content), where
            if key == "medecin_b":
                assert any(
                    r.name == "portal.access"
                    and str(pk) in r.getMessage()
                    and str(intruder.user.pk) in r.getMessage()
                    for r in caplog.records
                ), where
    assert state() == before


def test_batch_pages_are_for_staff_only(people, plan_of_a):
    batch = batch_generate(collection_date=first_due(plan_of_a), actor=None)
    assert batch is not None
    urls = [
        reverse("admin:debits_debitbatch_changelist"),
        reverse("admin:debits_batch_generate"),
        reverse("admin:debits_batch_import"),
        reverse("admin:debits_batch_download", args=[batch.pk]),
        reverse("admin:debits_mandate_changelist"),
    ]
    for url in urls:
        for key in ("medecin_a", "medecin_b", "etudiant"):
            response = people[key].web.get(url, follow=True)
            assert response.status_code == 403, f"{key} → {url}"
            assert batch.message_id.encode() not in response.content
