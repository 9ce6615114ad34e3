"""The doctor's pages: choose, see the schedule and the mandate, accept; follow; stop."""

import pytest
from django.core import mail

from debits.models import DebitPlan, DebitStatus, Mandate, PlanStatus
from tests.debits.conftest import IBAN, OTHER_IBAN, make_plan

pytestmark = pytest.mark.django_db

CHOICES = {
    "kind": "ten",
    "collection_day": "15",
    "renew": "on",
    "debtor_name": "Anne Durand",
    "iban": IBAN,
    "bic": "",
}


def setup_url(call) -> str:
    return f"/espace/cotisations/{call.campaign.year}/prelevement/"


def test_the_dues_page_offers_direct_debit(doctor_client, call):
    page = doctor_client.get("/espace/cotisations/").content.decode()
    assert "Payer par prélèvement SEPA" in page
    assert setup_url(call) in page


def test_the_schedule_and_the_mandate_are_shown_before_acceptance(doctor_client, call):
    response = doctor_client.post(setup_url(call), {**CHOICES, "step": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Votre échéancier de prélèvement" in page
    assert page.count('<tr><th scope="row"><span class="table-stack__label">') == 10
    assert "FR72ZZZ123456" in page  # ICS
    assert "8 semaines" in page  # the refund right, in the mandate's text
    assert "FR76 •••• •••• 0189" in page
    assert DebitPlan.objects.count() == 0  # nothing recorded yet


def test_accepting_sets_up_the_plan_and_mails_the_schedule(
    doctor_client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = doctor_client.post(
            setup_url(call),
            {**CHOICES, "step": "accept", "accept": "on"},
            REMOTE_ADDR="198.51.100.9",
        )
    plan = DebitPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/espace/cotisations/prelevements/{plan.pk}/"
    assert plan.mandate.acceptance_ip == "198.51.100.9"
    assert len(mail.outbox) == 1
    page = doctor_client.get(response["Location"]).content.decode()
    assert plan.mandate.reference in page
    assert IBAN.replace(" ", "") not in page  # shown masked only
    space = doctor_client.get("/espace/cotisations/").content.decode()
    assert "est réglée par prélèvement" in space


def test_without_the_box_ticked_nothing_is_recorded(doctor_client, call):
    response = doctor_client.post(setup_url(call), {**CHOICES, "step": "accept"})
    assert response.status_code == 200
    assert "Cochez la case pour accepter le mandat" in response.content.decode()
    assert DebitPlan.objects.count() == 0
    assert Mandate.objects.count() == 0


def test_a_wrong_iban_is_reported_on_its_field_and_the_rest_is_kept(doctor_client, call):
    bad = {**CHOICES, "iban": "FR76 3000 6000 0112 3456 7890 188", "step": "preview"}
    response = doctor_client.post(setup_url(call), bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cet IBAN n’est pas valide" in page
    assert 'value="Anne Durand"' in page  # what was typed stays
    assert DebitPlan.objects.count() == 0


def test_the_mandate_pdf_is_the_owners(doctor_client, doctor_user, call):
    plan = make_plan(doctor_user, call)
    response = doctor_client.get(f"/espace/cotisations/mandats/{plan.mandate_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    assert response.content.startswith(b"%PDF")
    assert plan.mandate.reference in response["Content-Disposition"]


def test_stopping_from_the_page(doctor_client, doctor_user, call):
    plan = make_plan(doctor_user, call)
    response = doctor_client.post(
        f"/espace/cotisations/prelevements/{plan.pk}/arreter/", follow=True
    )
    assert "Le prélèvement est arrêté" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    assert not plan.debits.filter(status=DebitStatus.SCHEDULED).exists()
    assert (
        doctor_client.get(f"/espace/cotisations/prelevements/{plan.pk}/arreter/").status_code == 302
    )


def test_changing_the_account_from_the_page(doctor_client, doctor_user, call):
    plan = make_plan(doctor_user, call)
    url = f"/espace/cotisations/prelevements/{plan.pk}/compte/"
    refused = doctor_client.post(url, {"debtor_name": "Anne Durand", "iban": OTHER_IBAN})
    assert "Cochez la case" in refused.content.decode()
    response = doctor_client.post(
        url, {"debtor_name": "Anne Durand", "iban": OTHER_IBAN, "accept": "on"}, follow=True
    )
    assert "nouveau mandat est enregistré" in response.content.decode()
    plan.refresh_from_db()
    assert plan.mandate.iban == OTHER_IBAN


def test_direct_debit_off_hides_it(doctor_client, call, settings):
    settings.DIRECT_DEBIT_PROVIDER = ""
    assert "prélèvement SEPA" not in doctor_client.get("/espace/cotisations/").content.decode()
    assert doctor_client.get(setup_url(call)).status_code == 404


def test_a_call_already_on_a_plan_sends_back_to_the_dues_page(doctor_client, doctor_user, call):
    make_plan(doctor_user, call)
    response = doctor_client.get(setup_url(call), follow=True)
    assert response.redirect_chain[-1][0] == "/espace/cotisations/"
    assert "Un prélèvement est déjà en place" in response.content.decode()
