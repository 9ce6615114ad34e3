"""A company of two claimed doctors, the first one designated to pay its dues."""

from dataclasses import dataclass

from roll.models import Company, LegalForm
from tests.auth_helpers import verified_user
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory


@dataclass
class CompanyOfTwo:
    company: Company
    payer: object  # the designated partner's User
    other: object  # the other partner's User


def company_of_two(*, name: str = "SCP Martin et Roux", legal_form: str = LegalForm.SCP):
    company = CompanyFactory(name=name, legal_form=legal_form)
    users = []
    for index, last_name in enumerate(("Martin", "Roux")):
        doctor = DoctorFactory(last_name=last_name)
        CompanyPartnerFactory(company=company, doctor=doctor, is_designated=index == 0)
        users.append(
            verified_user(f"dr.{last_name.lower()}{doctor.pk}@exemple.test", doctor=doctor)
        )
    return CompanyOfTwo(company=company, payer=users[0], other=users[1])
