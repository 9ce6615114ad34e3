"""Companies' dues: issued with the campaign, paid by the designated partner, moved with them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cotisations.models import Category, CheckoutStatus, DuesCall, Tariff
from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_open_calls
from cotisations.services.company_dues import company_partner_designate
from cotisations.services.payments import checkout_start
from cotisations.services.reminders import reminders_dispatch
from roll.models import CompanyStatus, LegalForm
from tests.cotisations.company_helpers import company_of_two
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory

pytestmark = pytest.mark.django_db


def _company_calls(campaign):
    return DuesCall.objects.filter(campaign=campaign, company__isnull=False)


def _set_tariff(campaign, category, dep, reg, nat):
    Tariff.objects.filter(campaign=campaign, category=category).update(
        departmental_cents=dep, regional_cents=reg, national_cents=nat
    )


def test_campaign_calls_each_company_at_its_legal_form_rate(campaign):
    _set_tariff(campaign, Category.COMPANY_SCP, 10000, 4000, 20000)
    _set_tariff(campaign, Category.COMPANY_SEL, 15000, 5000, 30000)
    _set_tariff(campaign, Category.COMPANY_SPFPL, 5000, 2000, 8000)
    scp = company_of_two(name="SCP A")
    selas = company_of_two(name="SELAS B", legal_form=LegalForm.SELAS)
    spfpl = company_of_two(name="SPFPL C", legal_form=LegalForm.SPFPL)
    spfpl.company.department = "2A"
    spfpl.company.save()

    created = campaign_open_calls(campaign_id=campaign.pk)

    assert created == 6 + 3  # six doctors' own calls, three companies'
    calls = {c.company.name: c for c in _company_calls(campaign).select_related("company")}
    assert (calls["SCP A"].category, calls["SCP A"].amount_cents) == ("company_scp", 34000)
    assert (calls["SELAS B"].category, calls["SELAS B"].amount_cents) == ("company_sel", 50000)
    assert calls["SPFPL C"].national_cents == 8000
    assert calls["SPFPL C"].department == "2A"
    # The designated partner pays; they still owe their own dues too.
    assert calls["SCP A"].doctor_id == scp.payer.doctor_id
    assert DuesCall.objects.filter(doctor=scp.payer.doctor, campaign=campaign).count() == 2
    assert calls["SELAS B"].doctor_id == selas.payer.doctor_id


def test_issuing_again_adds_only_new_companies(campaign):
    company_of_two(name="SCP A")
    campaign_open_calls(campaign_id=campaign.pk)
    assert campaign_open_calls(campaign_id=campaign.pk) == 0
    company_of_two(name="SCP B")
    assert campaign_open_calls(campaign_id=campaign.pk) == 3
    assert _company_calls(campaign).count() == 2


def test_no_call_without_designated_partner_or_once_struck_off(campaign):
    waiting = CompanyPartnerFactory(is_designated=False).company
    struck = company_of_two(name="SCP radiée").company
    struck.status = CompanyStatus.STRUCK_OFF
    struck.save()
    campaign_open_calls(campaign_id=campaign.pk)
    assert not _company_calls(campaign).exists()
    # Once staff designate a partner, the next run calls the company.
    company_partner_designate(company_id=waiting.pk, doctor_id=waiting.partners.get().doctor_id)
    assert campaign_open_calls(campaign_id=campaign.pk) == 1


def test_a_company_is_called_once_a_year_and_at_a_company_rate(campaign):
    setup = company_of_two()
    campaign_open_calls(campaign_id=campaign.pk)
    call = _company_calls(campaign).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesCall.objects.filter(pk=call.pk).update(category=Category.ACTIVE)
    own = DuesCall.objects.get(doctor=setup.other.doctor, company__isnull=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesCall.objects.filter(pk=own.pk).update(company=setup.company)


def test_changing_the_designated_partner_moves_what_is_owed(campaign, settings):
    settings.PAYMENT_PROVIDER = "dummy"
    setup = company_of_two()
    campaign_open_calls(campaign_id=campaign.pk)
    call = _company_calls(campaign).get()
    checkout = checkout_start(call_id=call.pk, user=setup.payer, mode="full")
    payment_record_offline(
        call_id=call.pk,
        amount_cents=10000,
        method="cheque",
        received_on=datetime.date(2027, 1, 15),
        reference="CHQ 1",
        actor=None,
    )

    company_partner_designate(company_id=setup.company.pk, doctor_id=setup.other.doctor_id)

    call.refresh_from_db()
    assert call.doctor_id == setup.other.doctor_id
    assert call.status == "partially_paid"
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.EXPIRED
    designated = setup.company.partners.filter(is_designated=True).get()
    assert designated.doctor_id == setup.other.doctor_id
    # The former payer can no longer pay it.
    with pytest.raises(DuesCall.DoesNotExist):
        checkout_start(call_id=call.pk, user=setup.payer, mode="full")
    # Designating the same partner again changes nothing.
    company_partner_designate(company_id=setup.company.pk, doctor_id=setup.other.doctor_id)
    assert setup.company.partners.filter(is_designated=True).count() == 1


def test_a_paid_year_stays_with_the_partner_who_paid_it(campaign):
    setup = company_of_two()
    campaign_open_calls(campaign_id=campaign.pk)
    call = _company_calls(campaign).get()
    payment_record_offline(
        call_id=call.pk,
        amount_cents=call.amount_cents,
        method="transfer",
        received_on=datetime.date(2027, 2, 1),
        reference="VIR 7",
        actor=None,
    )
    company_partner_designate(company_id=setup.company.pk, doctor_id=setup.other.doctor_id)
    call.refresh_from_db()
    assert (call.status, call.doctor_id) == ("paid", setup.payer.doctor_id)


def test_only_a_current_partner_can_be_designated(campaign):
    setup = company_of_two()
    outsider = DoctorFactory()
    former = CompanyPartnerFactory(company=setup.company, left_on=datetime.date(2024, 12, 31))
    for doctor_id in (outsider.pk, former.doctor_id):
        with pytest.raises(ValidationError) as exc:
            company_partner_designate(company_id=setup.company.pk, doctor_id=doctor_id)
        assert "associé actuel" in exc.value.messages[0]
    designated = setup.company.partners.get(is_designated=True)
    assert designated.doctor_id == setup.payer.doctor_id


def test_a_company_without_tariff_gets_no_call(campaign):
    Tariff.objects.filter(campaign=campaign, category=Category.COMPANY_SEL).delete()
    company_of_two(legal_form=LegalForm.SELARL)
    campaign_open_calls(campaign_id=campaign.pk)
    assert not _company_calls(campaign).exists()


def test_company_factory_is_valid():
    CompanyFactory().full_clean()


def test_the_designated_partner_is_reminded_of_the_company_dues_by_name(campaign, mailoutbox):
    setup = company_of_two()
    campaign_open_calls(campaign_id=campaign.pk)
    company_call = _company_calls(campaign).get()
    reminders_dispatch(today=campaign.deadline)
    to_payer = [m for m in mailoutbox if m.to == [setup.payer.email]]
    assert len(to_payer) == 2  # their own dues and the company's
    [company_message] = [m for m in to_payer if "SCP Martin et Roux" in m.body]
    assert "(société SCP Martin et Roux)" in company_message.subject
    assert f"<dues-{company_call.pk}-" in company_message.extra_headers["Message-ID"]
    to_other = [m for m in mailoutbox if m.to == [setup.other.email]]
    assert len(to_other) == 1
    assert "société" not in to_other[0].body


@pytest.mark.services
def test_the_bulk_first_opening_calls_companies_too(postgres, monkeypatch):
    from cotisations.services import campaigns

    monkeypatch.setattr(campaigns, "BULK_THRESHOLD", 1)
    setup = company_of_two()
    campaign, created = campaigns.campaign_open(year=2027)
    assert created == 3
    call = _company_calls(campaign).get()
    assert call.doctor_id == setup.payer.doctor_id
    assert campaigns.campaign_open(year=2027)[1] == 0
