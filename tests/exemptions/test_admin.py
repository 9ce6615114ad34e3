"""Staff decide the exemption requests in admin: the decision page says what each decision
does to the call, the list actions call the same service, the documents open for staff."""

import pytest
from django.core import mail
from django.urls import reverse

from cotisations.models import CallStatus, PaymentStatus
from exemptions.models import ExemptionDocument, ExemptionStatus
from tests.auth_helpers import force_mfa_login
from tests.exemptions.helpers import PDF, campaign_with_call, cheque, filed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:exemptions_exemptionrequest_changelist")


@pytest.fixture
def staff_client(client):
    force_mfa_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def call(db):
    return campaign_with_call()


def test_the_list_filters_by_council_status_and_year(staff_client, call):
    filed(call)
    page = staff_client.get(LIST).content.decode()
    assert "Demande d’exonération n°" in page
    for filter_title in ("conseil départemental", "état", "demande", "motif"):
        assert f"Par {filter_title}" in page
    assert (
        staff_client.get(LIST, {"status__exact": "refused"})
        .content.decode()
        .count("Demande d’exonération n°")
        == 0
    )


def test_the_decision_page_says_what_each_decision_does_then_grants_half(
    staff_client, call, django_capture_on_commit_callbacks
):
    cheque(call, 36500)
    request = filed(call, with_document=True)
    url = reverse("admin:exemptions_exemptionrequest_decision", args=[request.pk])
    page = staff_client.get(url).content.decode()
    assert "la cotisation passe de 365,00\u00a0€ à 182,50\u00a0€" in page
    assert "365,00\u00a0€ déjà réglés seront à rembourser" in page
    assert "avis.pdf" in page
    # No reason: refused on the field, nothing decided.
    response = staff_client.post(url, {"decision": ExemptionStatus.GRANTED_HALF, "reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif de la décision" in response.content.decode()
    request.refresh_from_db()
    assert request.status == ExemptionStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"decision": ExemptionStatus.GRANTED_HALF, "reason": "Revenus 2026 attestés."}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    call.refresh_from_db()
    assert request.status == ExemptionStatus.GRANTED_HALF
    assert (call.amount_cents, call.status, call.paid_cents) == (18250, CallStatus.OPEN, 0)
    assert list(call.payments.values_list("status", flat=True)) == [PaymentStatus.REFUND_DUE]
    decided = mail.outbox[-1]
    assert "exonération de moitié accordée" in decided.subject
    assert "Les 365,00\u00a0€ réglés au-delà vous seront remboursés" in decided.body
    # Decided: the page offers no second decision, and a replayed POST changes nothing.
    assert "Enregistrer la décision" not in staff_client.get(url).content.decode()
    replay = staff_client.post(url, {"decision": "granted_total", "reason": "Doublon."})
    assert replay.status_code == 400
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN


def test_list_actions_grant_as_asked_or_refuse_with_a_reason(staff_client, call):
    total = filed(call, kind="total")
    other_call = campaign_with_call("autre@exemple.test")
    refused = filed(other_call, kind="half")
    selected = {"action": "grant_requested", "_selected_action": [total.pk]}
    confirmation = staff_client.post(LIST, selected).content.decode()
    assert "la cotisation devient exonérée" in confirmation
    staff_client.post(LIST, {**selected, "apply": "1", "reason": "Invalidité reconnue."})
    staff_client.post(
        LIST,
        {
            "action": "refuse_requests",
            "_selected_action": [refused.pk],
            "apply": "1",
            "reason": "Revenus suffisants.",
        },
    )
    total.refresh_from_db()
    refused.refresh_from_db()
    call.refresh_from_db()
    other_call.refresh_from_db()
    assert (total.status, total.decision_reason) == (
        ExemptionStatus.GRANTED_TOTAL,
        "Invalidité reconnue.",
    )
    assert call.status == CallStatus.EXEMPT
    assert refused.status == ExemptionStatus.REFUSED
    assert other_call.amount_cents == 36500
    # Applying the action again to a decided request says why and changes nothing.
    page = staff_client.post(
        LIST, {**selected, "apply": "1", "reason": "Encore."}, follow=True
    ).content.decode()
    assert "ne peut plus passer" in page


def test_staff_open_the_documents_from_the_request(staff_client, call):
    request = filed(call, with_document=True)
    document = ExemptionDocument.objects.get()
    url = reverse("admin:exemptions_exemptionrequest_document", args=[request.pk, document.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    change = staff_client.get(
        reverse("admin:exemptions_exemptionrequest_change", args=[request.pk])
    ).content.decode()
    assert url in change
    assert "Décider" in change
