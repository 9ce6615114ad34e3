"""Staff manage companies in the admin: partners inline, the designated partner through the
service (which moves unpaid dues), French field errors."""

import pytest

from cotisations.models import DuesCall
from cotisations.services.campaigns import campaign_open
from roll.models import Company, CompanyPartner
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory, factory_siren

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/roll/company/add/"
INLINE = "partners"


def _form(doctor_ids, *, siren, designated="", existing=()):
    data = {
        "name": "SELARL du Parc",
        "legal_form": "selarl",
        "siren": siren,
        "roll_number": "69-S-00042",
        "status": "registered",
        "department": "69",
        "registered_on": "2019-04-01",
        "street": "3 place du Parc",
        "postcode": "69006",
        "city": "Lyon",
        "designated_partner": designated,
        f"{INLINE}-TOTAL_FORMS": str(len(doctor_ids)),
        f"{INLINE}-INITIAL_FORMS": str(len(existing)),
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
    }
    for index, doctor_id in enumerate(doctor_ids):
        data |= {
            f"{INLINE}-{index}-doctor": str(doctor_id),
            f"{INLINE}-{index}-role": "manager" if index == 0 else "partner",
            f"{INLINE}-{index}-joined_on": "2019-04-01",
            f"{INLINE}-{index}-left_on": "",
        }
        if index < len(existing):
            data |= {
                f"{INLINE}-{index}-id": str(existing[index]),
                f"{INLINE}-{index}-company": str(existing and Company.objects.get().pk),
            }
    return data


def test_staff_create_a_company_then_designate_its_payer(staff_client):
    first, second = DoctorFactory(), DoctorFactory()
    siren = factory_siren(41)
    response = staff_client.post(
        ADD_URL, _form([first.pk, second.pk], siren=siren[:3] + " " + siren[3:6] + " " + siren[6:])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    company = Company.objects.get()
    assert company.siren == siren
    assert company.partners.count() == 2
    assert not company.partners.filter(is_designated=True).exists()

    memberships = list(company.partners.order_by("pk").values_list("pk", flat=True))
    change = f"/admin/roll/company/{company.pk}/change/"
    page = staff_client.get(change).content.decode()
    assert "associé désigné pour la cotisation" in page
    response = staff_client.post(
        change,
        _form([first.pk, second.pk], siren=siren, designated=str(second.pk), existing=memberships),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert company.partners.get(is_designated=True).doctor == second
    listing = staff_client.get("/admin/roll/company/").content.decode()
    assert second.display_name in listing


def test_a_bad_siren_is_a_french_field_error_and_nothing_is_saved(staff_client):
    doctor = DoctorFactory()
    response = staff_client.post(ADD_URL, _form([doctor.pk], siren="732829321"))
    assert response.status_code == 200
    assert "clé de contrôle incorrecte" in response.content.decode()
    assert not Company.objects.exists()
    assert not CompanyPartner.objects.exists()


def test_the_designated_partner_cannot_leave_before_another_is_designated(staff_client):
    membership = CompanyPartnerFactory(is_designated=True)
    company = membership.company
    data = _form([membership.doctor_id], siren=company.siren, existing=[membership.pk])
    data |= {
        "name": company.name,
        "roll_number": company.roll_number,
        "legal_form": company.legal_form,
        f"{INLINE}-0-left_on": "2026-06-30",
    }
    response = staff_client.post(f"/admin/roll/company/{company.pk}/change/", data)
    assert response.status_code == 200
    assert "désignez d’abord un autre associé" in response.content.decode()
    membership.refresh_from_db()
    assert membership.left_on is None


def test_the_accounting_export_names_the_company(staff_client):
    membership = CompanyPartnerFactory(is_designated=True, company__name="SCP Export")
    campaign, _ = campaign_open(year=2027)
    assert DuesCall.objects.filter(company=membership.company).exists()
    export = staff_client.get(f"/admin/cotisations/campaign/{campaign.pk}/export.csv")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert ";etat;siren_societe;societe;" in lines[0]
    company_lines = [line for line in lines if "SCP Export" in line]
    assert len(company_lines) == 1
    assert membership.company.siren in company_lines[0]
    assert membership.doctor.rpps in company_lines[0]
    assert ";company_scp;" in company_lines[0]


def test_company_admin_search_by_siren(staff_client):
    company = CompanyFactory(name="SCP Cherchée")
    CompanyFactory(name="SCP Autre")
    page = staff_client.get(f"/admin/roll/company/?q={company.siren}").content.decode()
    assert "SCP Cherchée" in page
    assert "SCP Autre" not in page
