"""A company of two claimed doctors, the first one designated to pay its dues."""

from dataclasses import dataclass

from accounts.models import User
from roll.models import Company, LegalForm
from tests.factories import CompanyFactory, CompanyPartnerFactory, DoctorFactory, UserFactory


@dataclass
class CompanyOfTwo:
    company: Company
    payer: User  # the designated partner
    other: User  # the other partner
    call: object = None  # set by tests that issue the company's dues


def company_of_two(
    *, name: str = "SCP Martin et Roux", legal_form: str = LegalForm.SCP
) -> CompanyOfTwo:
    company = CompanyFactory.create(name=name, legal_form=legal_form)
    users = []
    for index, last_name in enumerate(("Martin", "Roux")):
        doctor = DoctorFactory.create(last_name=last_name)
        CompanyPartnerFactory(company=company, doctor=doctor, is_designated=index == 0)
        users.append(
            UserFactory.create(
                email=f"dr.{last_name.lower()}{doctor.pk}@exemple.test", doctor=doctor
            )
        )
    return CompanyOfTwo(company=company, payer=users[0], other=users[1])
