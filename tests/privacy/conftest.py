"""The people of the privacy tests: a doctor, a student and an app publisher who used every
feature of the portal, built through the apps' own services (tests/factories and each area's
helpers), and the vault's storage in a temp folder with known keys."""

import base64
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import User
from appregister.models import AppApplication
from appregister.services import applications as register_applications
from appregister.services import decisions as register_decisions
from appregister.services.aftercare import material_change_declare, problem_report_create
from contact.services import contact_request_create
from cotisations.models import DuesCall
from cotisations.services.campaigns import campaign_create, campaign_open_calls
from ereputation.services import kept_analysis_keep
from exemptions.services import exemption_request_create
from guides.services import feedback_record
from privacy.models import DataExport
from privacy.services.exports import export_request
from registrations.models import DocumentKind, RegistrationRequest, Specialty
from registrations.services import registration_submit
from roll.models import Doctor
from tests.appregister.helpers import (
    application_filled,
    assessed,
    assessor_create,
    body_create,
    criteria_of,
    evidence_document,
    labelled,
    publisher_create,
)
from tests.auth_helpers import force_mfa_login
from tests.debits.conftest import make_plan
from tests.exemptions.helpers import BEFORE_DEADLINE, cheque
from tests.exemptions.helpers import staged_pdf as exemption_pdf
from tests.factories import (
    TEST_PASSWORD,
    DoctorFactory,
    RegistrationRequestFactory,
    TokenFactory,
    UserFactory,
    stored_document,
)
from tests.fixtures.vault import use_local_vault
from tests.registrations.conftest import add_document
from tests.roll.change_helpers import filed_request, paris_council
from vault import services as vault_services
from vault import sharing
from vault.models import Document

KEK = base64.b64encode(bytes(range(32))).decode()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2


@pytest.fixture(autouse=True)
def _vault_settings(settings, tmp_path):
    return use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")


@pytest.fixture
def vault_root(_vault_settings):
    return _vault_settings


@dataclass
class Person:
    user: User
    doctor: Doctor | None
    documents: list[Document]
    # What else the fixture made, by name (a colleague, shares, applications…).
    extra: dict[str, Any] = field(default_factory=dict)


def council_staff() -> User:
    return UserFactory.create(staff=True)


def logged_in(user: User, *, reauthenticated: bool = True) -> Client:
    """Logged in with password and second factor and, unless told otherwise, just asked for
    the password again (allauth's reauthentication, which the download and closure need)."""
    client = Client()
    force_mfa_login(client, user)
    if reauthenticated:
        response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
        assert response.status_code == 302, response
    return client


def _contact_and_assistant(user: User, *, topic: str = "donnees-personnelles") -> None:
    contact_request_create(
        topic=topic,
        department="75",
        name=user.get_full_name(),
        email=user.email,
        message="Quelles données gardez-vous sur moi ?",
        user=user,
    )
    feedback_record(
        question="cotisation retraite", helpful=True, sheet=None, answered=True, user=user
    )


@pytest.fixture
def busy_doctor(db, specialties) -> Person:
    """A doctor of Paris who paid 2026 by cheque, set 2027 on a ten-debit plan, asked for an
    exemption, keeps three documents (one trashed) in the vault, filed a change request, wrote
    through the contact form, rated an assistant answer, and linked Pro Santé Connect."""
    paris_council()
    doctor = DoctorFactory.create(department="75", first_name="Anne", last_name="Durand")
    user = UserFactory.create(email="anne.durand@exemple.test", doctor=doctor, with_totp=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for year in (2026, 2027):
            campaign_open_calls(campaign_id=campaign_create(year=year).pk)
        paid = DuesCall.objects.get(doctor=doctor, campaign__year=2026)
        cheque(paid, paid.amount_cents, received_on=datetime.date(2026, 2, 1))
    open_2027 = DuesCall.objects.get(doctor=doctor, campaign__year=2027)
    make_plan(user, open_2027)
    exemption_request_create(
        user=user,
        call_id=open_2027.pk,
        kind="half",
        reason="financial",
        explanation="Cabinet fermé six mois après un incendie.",
        staged=exemption_pdf(user),
        today=BEFORE_DEADLINE,
    )
    folder = vault_services.folder_create(owner=user, name="Diplômes")
    kept = [
        stored_document(user, file_name="diplome-scanne.pdf", folder=folder),
        stored_document(user, file_name="photo.png", content=PNG),
    ]
    trashed = stored_document(user, file_name="ancien-contrat.pdf")
    ctx = vault_services.AccessContext(actor=user, ip="203.0.113.9")
    vault_services.document_trash(document=trashed, ctx=ctx)
    filed_request(user, doctor, with_document=True)
    _contact_and_assistant(user)
    SocialAccount.objects.create(user=user, provider="psc", uid="psc-sub-0001")
    TokenFactory.create(user=user)
    analysis = kept_analysis_keep(
        owner=user,
        text="Ce médecin est un charlatan, fuyez.",
        platform="google",
        published_on=datetime.date(2026, 11, 2),
        url="https://exemple.test/avis/42",
        categories=("diffamation",),
    )
    # A share each way with Dr Claire Dubois.
    colleague_doctor = DoctorFactory.create(first_name="Claire", last_name="Dubois")
    colleague = UserFactory.create(email="claire.dubois@exemple.test", doctor=colleague_doctor)
    given = sharing.share_create(
        owner=user, rpps=colleague_doctor.rpps, document=kept[0], ctx=ctx, message="Pour avis."
    )
    theirs = stored_document(colleague, file_name="compte-rendu-operatoire.pdf")
    received = sharing.share_create(
        owner=colleague,
        rpps=doctor.rpps,
        document=theirs,
        ctx=vault_services.AccessContext(actor=colleague),
    )
    # A problem reported on a labelled app of the register.
    other_body = body_create(name="Évalsanté", number="COFRAC 5-0999")
    app = labelled(
        publisher_create(email="editeur@cardio.example", company="Cardio SAS"),
        staff=council_staff(),
        body=other_body,
        assessor=assessor_create(other_body, email="eval@evalsante.example"),
        name="CardioPlus",
    )
    report = problem_report_create(
        application_id=app.pk, reporter=user, message="Les mesures affichées sont décalées."
    )
    return Person(
        user=user,
        doctor=doctor,
        documents=[*kept, trashed],
        extra={
            "analysis": analysis,
            "colleague": colleague,
            "shares": [given, received],
            "report": report,
        },
    )


@pytest.fixture
def busy_publisher(db) -> Person:
    """A publisher whose app GlycoSuivi was labelled (an evidence document, then a material
    change declared) and who keeps a second app, TensioNote, as a draft with a document; and
    the assessor of the body that assessed GlycoSuivi."""
    publisher = publisher_create()
    staff = council_staff()
    body = body_create()
    assessor = assessor_create(body)
    granted = application_filled(publisher)
    evidence_document(granted, criteria_of(granted)[0])
    register_applications.application_submit(application=granted, actor=publisher.user)
    granted = assessed(granted, staff=staff, body=body, assessor=assessor)
    register_decisions.application_grant(application_id=granted.pk, staff=staff)
    material_change_declare(
        application_id=granted.pk,
        user=publisher.user,
        kind="new_version",
        new_version="3.3",
        description="Nouveau graphique des glycémies de la semaine.",
        effective_on=datetime.date(2026, 12, 1),
    )
    draft = application_filled(publisher, name="TensioNote")
    draft_document = evidence_document(draft, criteria_of(draft)[0])
    return Person(
        user=publisher.user,
        doctor=None,
        documents=[],
        extra={
            "publisher": publisher,
            "granted": AppApplication.objects.get(pk=granted.pk),
            "draft": draft,
            "draft_document": draft_document,
            "assessor": assessor,
        },
    )


@pytest.fixture
def busy_student(db, specialties) -> Person:
    """An intern who sent a complete first registration with both documents, wrote through
    the contact form and rated an assistant answer."""
    student = UserFactory.create(email="camille.lefevre@exemple.test")
    registration = RegistrationRequestFactory.create(
        complete=True,
        user=student,
        email=student.email,
        specialty=Specialty.objects.get(name="Médecine générale"),
    )
    add_document(registration, DocumentKind.IDENTITY)
    add_document(registration, DocumentKind.STUDIES)
    registration_submit(registration=registration, actor=student)
    _contact_and_assistant(student, topic="inscription")
    return Person(user=student, doctor=None, documents=[])


def draft_student() -> tuple[User, RegistrationRequest]:
    student = UserFactory.create()
    registration = RegistrationRequestFactory.create(
        complete=True, user=student, last_name="Martin", first_name="Léa"
    )
    add_document(registration, DocumentKind.IDENTITY)
    return student, registration


def built_export(user: User, *, include_documents: bool = True) -> DataExport:
    """Ask for an export and run its task (eager in tests), as the page does."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = export_request(user=user, include_documents=include_documents)
    export.refresh_from_db()
    return export


def unzip(body: bytes) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return archive, json.loads(archive.read("donnees.json"))
