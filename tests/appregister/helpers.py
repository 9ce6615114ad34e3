"""Building the register's people and files through its services, as the pages do."""

import datetime

from accounts.models import User
from appregister.models import (
    AppApplication,
    BodyMembership,
    CertificationBody,
    Criterion,
    EvidenceDocument,
    Publisher,
    Recommendation,
    ResultValue,
)
from appregister.services import applications, assessment, decisions
from tests.factories import UserFactory
from vault.streams import stage_chunks

PDF = b"%PDF-1.7\n" + b"rapport de test d'intrusion " * 40 + b"\n%%EOF\n"

PRODUCT = {
    "name": "GlycoSuivi",
    "version": "3.2",
    "on_ios": True,
    "on_android": True,
    "on_web": False,
    "on_device": False,
    "url": "https://glycosuivi.example/",
}
USAGE = {
    "purpose": "Suivi de la glycémie et carnet partagé avec le médecin traitant.",
    "use_domain": "chronic",
    "audience": "patients",
    "intended_users": "Adultes diabétiques de type 2 suivis en ville.",
}
REGULATION = {
    "regulatory_status": "md",
    "device_class": "IIa",
    "ce_certificate": "CE 0459-2026-118",
    "hosting_provider": "Hébergeur Santé SAS",
    "hds_certificate": "HDS-2025-0193",
    "hosting_location": "france",
}


def publisher_create(
    email: str = "editeur@glycosuivi.example", company: str = "GlycoSuivi SAS"
) -> Publisher:
    user = UserFactory.create(email=email)
    return applications.publisher_register(
        user=user,
        company_name=company,
        siren="552 100 554",
        contact_name="Claire Martin",
        contact_phone="01 23 45 67 89",
    )


def criteria_of(application: AppApplication) -> list[Criterion]:
    return list(Criterion.objects.filter(domain__version=application.framework_id))


def application_filled(publisher: Publisher, **overrides: object) -> AppApplication:
    """A draft with every step answered and a text for every criterion: ready to send."""
    application = applications.application_create(publisher=publisher)
    for data in (PRODUCT, USAGE, REGULATION):
        application = applications.application_step_save(
            application=application,
            data={**data, **{k: v for k, v in overrides.items() if k in data}},
        )
    applications.evidence_save(
        application=application,
        texts={c.pk: f"Preuve fournie pour {c.code}." for c in criteria_of(application)},
    )
    return application


def application_sent(publisher: Publisher, **overrides: object) -> AppApplication:
    application = application_filled(publisher, **overrides)
    applications.application_submit(application=application, actor=publisher.user)
    application.refresh_from_db()
    return application


def evidence_document(application: AppApplication, criterion: Criterion) -> EvidenceDocument:
    staged = stage_chunks(
        [PDF],
        owner_id=application.publisher.user_id,
        file_name="test-intrusion.pdf",
        max_bytes=10 * 1024 * 1024,
        quota_left=10 * 1024 * 1024,
        allowed_types=["pdf"],
        name_prefix=EvidenceDocument.storage_prefix,
    )
    return applications.evidence_document_add(
        application=application, criterion_id=criterion.pk, staged=staged
    )


def body_create(name: str = "Certisanté", number: str = "COFRAC 5-0611") -> CertificationBody:
    today = datetime.date.today()
    return CertificationBody.objects.create(
        name=name,
        accreditation_number=number,
        accredited_from=today - datetime.timedelta(days=365),
        accredited_until=today + datetime.timedelta(days=365),
        contact_email=f"contact@{name.lower()}.example",
    )


def assessor_create(body: CertificationBody, email: str = "evaluatrice@certisante.example") -> User:
    user = UserFactory.create(email=email)
    BodyMembership.objects.create(user=user, body=body)
    return user


def assessed(
    application: AppApplication,
    *,
    staff: User,
    body: CertificationBody,
    assessor: User,
    favourable: bool = True,
) -> AppApplication:
    """Assigned to `body`, every criterion recorded (the first mandatory one not met when not
    favourable), the recommendation given."""
    assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=staff)
    first = True
    for criterion in criteria_of(application):
        failed = not favourable and first and criterion.is_mandatory
        first = first and not failed
        assessment.result_record(
            application_id=application.pk,
            assessor=assessor,
            criterion_id=criterion.pk,
            result=ResultValue.NOT_MET if failed else ResultValue.MET,
            comment="Test d’intrusion absent." if failed else "",
            evidence_reviewed="Documents de l’éditeur.",
        )
    outcome = (
        Recommendation.Outcome.FAVOURABLE if favourable else Recommendation.Outcome.UNFAVOURABLE
    )
    assessment.assessment_complete(
        application_id=application.pk,
        assessor=assessor,
        outcome=outcome,
        summary="Évaluation menée.",
    )
    application.refresh_from_db()
    return application


def labelled(
    publisher: Publisher,
    *,
    staff: User,
    body: CertificationBody,
    assessor: User,
    today: datetime.date | None = None,
    **overrides: object,
) -> AppApplication:
    application = assessed(
        application_sent(publisher, **overrides), staff=staff, body=body, assessor=assessor
    )
    decisions.application_grant(application_id=application.pk, staff=staff, today=today)
    application.refresh_from_db()
    return application
