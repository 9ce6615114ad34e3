import pytest
from django.db import transaction

from cotisations.models import CallStatus, Campaign, DuesCall, Payment, PaymentMethod
from cotisations.services.calls import dues_call_lock, payment_add, payment_record_offline
from tests.cotisations.conftest import admin_refund
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def test_open_campaign_from_admin(staff_client, campaign):
    DoctorFactory.create_batch(2)
    response = staff_client.post(
        "/admin/cotisations/campaign/",
        {"action": "open_calls", "_selected_action": [campaign.pk]},
        follow=True,
    )
    assert "2 appels créés" in response.content.decode()
    assert DuesCall.objects.count() == 2


def test_staff_record_a_cheque_and_overpayment_is_refused(staff_client, call):
    form = {
        "call": call.pk,
        "method": "cheque",
        "amount": "100,00",
        "received_on": "2027-02-01",
        "reference": "CHQ 0012345",
    }
    response = staff_client.post("/admin/cotisations/payment/add/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    call.refresh_from_db()
    assert (call.status, call.paid_cents) == (CallStatus.PARTIALLY_PAID, 10000)
    assert Payment.objects.get().recorded_by is not None
    response = staff_client.post("/admin/cotisations/payment/add/", {**form, "amount": "300,00"})
    assert response.status_code == 200
    assert "dépasse le solde restant dû" in response.content.decode()
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("status", [CallStatus.EXEMPT, CallStatus.CANCELLED])
def test_no_cheque_on_an_exempt_or_cancelled_call(staff_client, call, status):
    DuesCall.objects.filter(pk=call.pk).update(status=status)
    form = {
        "call": call.pk,
        "method": "cheque",
        "amount": "100,00",
        "received_on": "2027-02-01",
        "reference": "CHQ 1",
    }
    response = staff_client.post("/admin/cotisations/payment/add/", form)
    assert response.status_code == 200
    page = response.content.decode()
    # The reason itself, not an overpayment against a balance of zero.
    assert "aucun règlement ne peut y être enregistré" in page
    assert "dépasse le solde" not in page
    assert not Payment.objects.exists()


def test_refund_with_a_reason_from_admin(staff_client, call):
    payment = payment_record_offline(
        call_id=call.pk,
        amount_cents=36500,
        method="cheque",
        received_on=call.campaign.call_date,
        reference="",
        actor=None,
    )
    page = staff_client.post(
        "/admin/cotisations/payment/", {"action": "refund", "_selected_action": [payment.pk]}
    )
    assert "Motif" in page.content.decode()
    assert "rendu au médecin hors du portail" in page.content.decode()
    staff_client.post(
        "/admin/cotisations/payment/",
        {
            "action": "refund",
            "_selected_action": [payment.pk],
            "apply": "1",
            "reason": "Chèque sans provision",
        },
    )
    payment.refresh_from_db()
    call.refresh_from_db()
    assert payment.status == "refunded"
    assert payment.refund_reason == "Chèque sans provision"
    assert call.status == CallStatus.OPEN


def test_card_refund_from_admin_goes_through_the_provider(staff_client, call):
    with transaction.atomic():
        payment = payment_add(
            call=dues_call_lock(call_id=call.pk),
            amount_cents=36500,
            method=PaymentMethod.CARD,
            received_on=call.campaign.call_date,
            provider="dummy",
            provider_reference="pi_dummy_admin",
        )
    page, applied = admin_refund(staff_client, payment.pk, "Erreur de tarif")
    assert "365,00\u00a0€ remboursés sur la carte bancaire du médecin" in page
    assert "Remboursement\u00a0: 1 élément." in applied
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert payment.refund_reference.startswith("re_dummy_")
    detail = staff_client.get(f"/admin/cotisations/payment/{payment.pk}/change/")
    assert payment.refund_reference in detail.content.decode()


def test_cancel_call_from_admin_records_the_reason(staff_client, call):
    staff_client.post(
        "/admin/cotisations/duescall/",
        {
            "action": "cancel_calls",
            "_selected_action": [call.pk],
            "apply": "1",
            "reason": "Inscription en double",
        },
    )
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert call.status_changes.get().reason == "Inscription en double"


def test_filters_totals_and_streamed_csv(staff_client, call):
    DoctorFactory(department="13")
    from cotisations.services.campaigns import campaign_open_calls

    campaign_open_calls(campaign_id=call.campaign_id)
    payment_record_offline(
        call_id=call.pk,
        amount_cents=36500,
        method="transfer",
        received_on=call.campaign.call_date,
        reference="",
        actor=None,
    )
    listing = staff_client.get(
        "/admin/cotisations/duescall/?campaign__year=2027&status=paid&department=75"
    )
    assert listing.status_code == 200
    campaign = Campaign.objects.get()
    totals = staff_client.get(f"/admin/cotisations/campaign/{campaign.pk}/totaux/").content.decode()
    assert "100,0 %" in totals
    assert "0,0 %" in totals
    export = staff_client.get(f"/admin/cotisations/campaign/{campaign.pk}/export.csv")
    assert export.streaming
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("annee;rpps;nom")
    assert len(lines) == 3
    assert any(";365,00;365,00;0,00;paid" in line for line in lines)


def test_reminders_visible_and_pausable(staff_client, campaign):
    staff_client.post(
        "/admin/cotisations/campaign/",
        {"action": "pause_reminders", "_selected_action": [campaign.pk]},
    )
    campaign.refresh_from_db()
    assert campaign.reminders_paused
    assert staff_client.get("/admin/cotisations/reminderlog/").status_code == 200
