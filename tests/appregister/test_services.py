"""The register's services: the whole workflow, its guarded transitions and history, label
numbers, refusals, information requests, suspension and withdrawal, framework versions."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from appregister.models import (
    AppApplication,
    ApplicationStatus,
    Criterion,
    CriterionResult,
    FrameworkVersion,
    Label,
    LabelCounter,
    MaterialChange,
    Recommendation,
    ResultValue,
)
from appregister.services import aftercare, applications, assessment, decisions
from appregister.services.framework import (
    framework_current,
    framework_version_copy,
    framework_version_publish,
)
from portal.workflow import TransitionError
from tests.appregister.helpers import (
    application_filled,
    application_sent,
    assessed,
    assessor_create,
    body_create,
    criteria_of,
    evidence_document,
    labelled,
    publisher_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def test_version_1_ships_the_eight_domains_and_is_current():
    version = framework_current()
    assert version.number == 1
    titles = list(version.domains.values_list("title", flat=True))
    for expected in (
        "Finalité et information de l’utilisateur",
        "Fiabilité de la mesure et du contenu de santé",
        "Usage des données",
        "Consentement",
        "Protection des données et hébergement",
        "Sécurité",
        "Interopérabilité et export des données",
        "Accessibilité",
    ):
        assert expected in titles
    criteria = Criterion.objects.filter(domain__version=version)
    assert criteria.count() >= 20
    assert criteria.filter(is_mandatory=False).exists()
    assert all(c.evidence_expected for c in criteria)


def test_the_whole_workflow_from_draft_to_label(publisher, council, body, assessor, commits):
    application = application_filled(publisher)
    assert application.status == S.DRAFT
    assert application.framework == framework_current()
    applications.application_submit(application=application, actor=publisher.user)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    # Three months from the complete file.
    assert application.decision_due is not None
    assert (application.decision_due - application.complete_at.date()).days in range(89, 93)

    application = assessed(application, staff=council, body=body, assessor=assessor)
    assert application.status == S.ASSESSED
    recommendation = application.recommendations.get()
    assert recommendation.framework == application.framework
    assert recommendation.body == body

    today = datetime.date(2027, 3, 15)
    label = decisions.application_grant(application_id=application.pk, staff=council, today=today)
    application.refresh_from_db()
    assert application.status == S.GRANTED
    assert label.number == "ODM-APP-2027-0001"
    assert (label.valid_from, label.valid_until) == (today, datetime.date(2029, 3, 14))
    assert application.decision_due is None
    steps = list(application.history.values_list("from_status", "to_status"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.ASSIGNED),
        (S.ASSIGNED, S.ASSESSED),
        (S.ASSESSED, S.GRANTED),
    ]
    # One email per step to the publisher, each sent once (eager tasks on commit).
    subjects = [m.subject for m in mail.outbox if publisher.user.email in m.to]
    assert len(subjects) == 4, subjects
    assert any("Le label est attribué" in s for s in subjects)
    assert application.history.filter(email_sent_at__isnull=True).count() == 0


def test_label_numbers_are_consecutive_per_year_and_restart_each_year(council, body, assessor):
    numbers = []
    for n, day in enumerate(
        [datetime.date(2027, 1, 5), datetime.date(2027, 6, 1), datetime.date(2028, 1, 2)]
    ):
        publisher = publisher_create(email=f"e{n}@exemple.test", company=f"Éditeur {n}")
        app = labelled(publisher, staff=council, body=body, assessor=assessor, today=day)
        numbers.append(app.label.number)
    assert numbers == ["ODM-APP-2027-0001", "ODM-APP-2027-0002", "ODM-APP-2028-0001"]
    assert LabelCounter.objects.get(year=2027).last_number == 2


def test_a_rolled_back_grant_gives_its_number_back(publisher, council, body, assessor):
    application = assessed(application_sent(publisher), staff=council, body=body, assessor=assessor)

    def grant_then_crash() -> None:
        with transaction.atomic():
            decisions.application_grant(
                application_id=application.pk, staff=council, today=datetime.date(2027, 2, 1)
            )
            raise RuntimeError("crash after the number")

    with pytest.raises(RuntimeError):
        grant_then_crash()
    assert not Label.objects.exists()
    label = decisions.application_grant(
        application_id=application.pk, staff=council, today=datetime.date(2027, 2, 1)
    )
    assert label.number == "ODM-APP-2027-0001"


def test_refusal_needs_reasons_and_is_final(publisher, council, body, assessor, commits):
    application = assessed(
        application_sent(publisher), staff=council, body=body, assessor=assessor, favourable=False
    )
    with pytest.raises(ValidationError) as caught:
        decisions.application_refuse(application_id=application.pk, staff=council, reason="  ")
    assert "reason" in caught.value.message_dict
    decisions.application_refuse(
        application_id=application.pk, staff=council, reason="SEC-02 non satisfait."
    )
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == (S.REFUSED, "SEC-02 non satisfait.")
    with pytest.raises(TransitionError):
        decisions.application_grant(application_id=application.pk, staff=council)
    assert not Label.objects.exists()
    refused = [m for m in mail.outbox if "n’a pas été acceptée" in m.subject]
    assert refused
    assert "SEC-02 non satisfait." in refused[0].body


def test_a_favourable_recommendation_is_refused_while_a_mandatory_criterion_fails(
    publisher, council, body, assessor
):
    application = application_sent(publisher)
    assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=council)
    mandatory = [c for c in criteria_of(application) if c.is_mandatory]
    for criterion in criteria_of(application):
        assessment.result_record(
            application_id=application.pk,
            assessor=assessor,
            criterion_id=criterion.pk,
            result=ResultValue.NOT_MET if criterion == mandatory[0] else ResultValue.MET,
            comment="Absent.",
        )
    with pytest.raises(ValidationError) as caught:
        assessment.assessment_complete(
            application_id=application.pk,
            assessor=assessor,
            outcome=Recommendation.Outcome.FAVOURABLE,
            summary="Bien.",
        )
    assert mandatory[0].code in str(caught.value)
    application.refresh_from_db()
    assert application.status == S.ASSIGNED


def test_a_recommendation_needs_every_criterion_and_a_not_met_needs_a_comment(
    publisher, council, body, assessor
):
    application = application_sent(publisher)
    assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=council)
    criterion = criteria_of(application)[0]
    with pytest.raises(ValidationError) as caught:
        assessment.result_record(
            application_id=application.pk,
            assessor=assessor,
            criterion_id=criterion.pk,
            result=ResultValue.NOT_MET,
        )
    assert "comment" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        assessment.assessment_complete(
            application_id=application.pk,
            assessor=assessor,
            outcome=Recommendation.Outcome.UNFAVOURABLE,
            summary="Incomplet.",
        )
    assert criterion.code in str(caught.value)


def test_only_the_assigned_body_records_results(publisher, council, body, assessor):
    other_body = body_create(name="Autrecert", number="COFRAC 5-0999")
    outsider = assessor_create(other_body, email="autre@autrecert.example")
    application = application_sent(publisher)
    criterion = criteria_of(application)[0]
    # Not assigned yet: nobody records.
    with pytest.raises(PermissionDenied):
        assessment.result_record(
            application_id=application.pk,
            assessor=assessor,
            criterion_id=criterion.pk,
            result=ResultValue.MET,
        )
    assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=council)
    for intruder in (outsider, publisher.user, council):
        with pytest.raises(PermissionDenied):
            assessment.result_record(
                application_id=application.pk,
                assessor=intruder,
                criterion_id=criterion.pk,
                result=ResultValue.MET,
            )
    assert not CriterionResult.objects.exists()


def test_a_body_whose_accreditation_lapsed_cannot_be_assigned(publisher, council, body):
    body.accredited_until = datetime.date.today() - datetime.timedelta(days=1)
    body.save()
    application = application_sent(publisher)
    with pytest.raises(ValidationError) as caught:
        assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=council)
    assert "body" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        assessment.application_assign(
            application_id=application.pk, body_id=body.pk, staff=publisher.user
        )


def test_more_information_reopens_the_file_and_restarts_the_deadline(
    publisher, council, body, assessor, commits
):
    application = assessed(application_sent(publisher), staff=council, body=body, assessor=assessor)
    first_complete = application.complete_at
    decisions.application_request_info(
        application_id=application.pk, staff=council, message="Joignez le rapport d’intrusion."
    )
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
    assert application.is_editable
    assert any("compléments sont demandés" in m.subject for m in mail.outbox)
    evidence_document(application, criteria_of(application)[0])
    applications.application_submit(application=application, actor=publisher.user)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.complete_at > first_complete
    # The body stays on the file; staff give it back for a second look.
    assessment.application_assign(application_id=application.pk, body_id=body.pk, staff=council)


def test_sending_is_refused_while_something_lacks_and_editing_after_sending(publisher):
    application = applications.application_create(publisher=publisher)
    with pytest.raises(ValidationError) as caught:
        applications.application_submit(application=application, actor=publisher.user)
    assert "Il manque" in caught.value.messages[0]
    missing = applications.missing_items(application=application)
    assert {m.step for m in missing} == {"produit", "usage", "reglementation", "preuves"}
    application = application_sent(publisher_create(email="x@exemple.test", company="X"))
    with pytest.raises(ValidationError):
        applications.application_step_save(application=application, data={"name": "Autre"})
    with pytest.raises(TransitionError):
        applications.application_submit(application=application, actor=application.publisher.user)


def test_a_medical_device_needs_its_class_and_certificate(publisher):
    application = application_filled(publisher, device_class="", ce_certificate="")
    labels = [m.label for m in applications.missing_items(application=application)]
    assert "classe du dispositif médical" in labels
    applications.application_step_save(
        application=application, data={"regulatory_status": "not_md"}
    )
    application.refresh_from_db()
    assert applications.missing_items(application=application) == []


def test_another_publisher_cannot_send_and_staff_cannot_become_publishers(publisher, council):
    application = application_filled(publisher)
    other = publisher_create(email="autre@exemple.test", company="Autre")
    with pytest.raises(ValidationError):
        applications.application_submit(application=application, actor=other.user)
    with pytest.raises(ValidationError):
        applications.publisher_register(
            user=council,
            company_name="Ordre",
            siren="123456789",
            contact_name="X",
            contact_phone="0",
        )


def test_suspension_reinstatement_then_withdrawal(publisher, council, body, assessor, commits):
    application = labelled(publisher, staff=council, body=body, assessor=assessor)
    decisions.label_suspend(
        application_id=application.pk, staff=council, reason="Fuite de données signalée."
    )
    application.refresh_from_db()
    assert application.status == S.SUSPENDED
    assert application.label.suspension_reason == "Fuite de données signalée."
    decisions.label_reinstate(application_id=application.pk, staff=council, note="Corrigé.")
    application.refresh_from_db()
    assert application.status == S.GRANTED
    assert application.label.suspended_at is None
    with pytest.raises(ValidationError):
        decisions.label_withdraw(application_id=application.pk, staff=council, reason="")
    decisions.label_withdraw(
        application_id=application.pk, staff=council, reason="Publicité ciblée avérée."
    )
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.label.withdrawn_at is not None
    assert application.label.withdrawal_reason == "Publicité ciblée avérée."
    with pytest.raises(TransitionError):
        decisions.label_reinstate(application_id=application.pk, staff=council, note="Non.")
    subjects = [m.subject for m in mail.outbox]
    assert any("suspendu" in s for s in subjects)
    assert any("rétabli" in s for s in subjects)
    assert any("retiré" in s for s in subjects)


def test_material_changes_only_on_ones_own_labelled_app(publisher, council, body, assessor):
    draft = application_filled(publisher)
    with pytest.raises(ValidationError):
        aftercare.material_change_declare(
            application_id=draft.pk,
            user=publisher.user,
            kind="new_version",
            new_version="3.3",
            description="Nouvelle courbe.",
            effective_on=datetime.date.today(),
        )
    application = labelled(
        publisher_create(email="l@exemple.test", company="L"),
        staff=council,
        body=body,
        assessor=assessor,
    )
    with pytest.raises(PermissionDenied):
        aftercare.material_change_declare(
            application_id=application.pk,
            user=publisher.user,
            kind="new_hosting",
            description="Nouvel hébergeur.",
            effective_on=datetime.date.today(),
        )
    change = aftercare.material_change_declare(
        application_id=application.pk,
        user=application.publisher.user,
        kind="new_hosting",
        description="Nouvel hébergeur HDS.",
        effective_on=datetime.date.today(),
    )
    assert MaterialChange.objects.get() == change


def test_a_doctors_report_is_kept_and_acknowledged_once(
    publisher, council, body, assessor, commits
):
    from appregister.emails import problem_acknowledgement_send

    application = labelled(publisher, staff=council, body=body, assessor=assessor)
    doctor = UserFactory.create(email="dr.durand@exemple.test", with_doctor=True)
    with pytest.raises(PermissionDenied):
        aftercare.problem_report_create(
            application_id=application.pk, reporter=publisher.user, message="Panne."
        )
    with pytest.raises(ValidationError):
        aftercare.problem_report_create(application_id=application.pk, reporter=doctor, message="")
    report = aftercare.problem_report_create(
        application_id=application.pk, reporter=doctor, message="Glycémies décalées d’une heure."
    )
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    acks = [m for m in mail.outbox if doctor.email in m.to]
    assert len(acks) == 1
    assert "GlycoSuivi" in acks[0].subject
    assert problem_acknowledgement_send(report_id=report.pk) is False
    draft = application_filled(publisher)
    with pytest.raises(ValidationError):
        aftercare.problem_report_create(application_id=draft.pk, reporter=doctor, message="x")


def test_renewal_reminders_once_per_threshold(publisher, council, body, assessor, settings):
    granted = datetime.date(2027, 1, 10)
    application = labelled(publisher, staff=council, body=body, assessor=assessor, today=granted)
    end = application.label.valid_until
    mail.outbox.clear()
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=100)) == 0
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=89)) == 1
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=88)) == 0
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=29)) == 1
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2
    assert "arrive à échéance" in mail.outbox[0].subject


def test_a_label_first_seen_late_gets_one_reminder_not_two(publisher, council, body, assessor):
    application = labelled(
        publisher, staff=council, body=body, assessor=assessor, today=datetime.date(2027, 1, 10)
    )
    mail.outbox.clear()
    end = application.label.valid_until
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=10)) == 1
    assert aftercare.renewal_reminders_send(today=end - datetime.timedelta(days=9)) == 0
    assert len(mail.outbox) == 1


def test_a_used_framework_version_is_frozen_and_a_copy_becomes_current(publisher):
    v1 = framework_current()
    assert not v1.is_frozen
    application = applications.application_create(publisher=publisher)
    assert v1.is_frozen
    v2 = framework_version_copy(version=v1, title="Version 2")
    assert (v2.number, v2.is_current) == (2, False)
    assert (
        Criterion.objects.filter(domain__version=v2).count()
        == Criterion.objects.filter(domain__version=v1).count()
    )
    framework_version_publish(version=v2)
    v1.refresh_from_db()
    assert not v1.is_current
    assert framework_current() == v2
    # The existing application keeps the version it was made on; a new one gets v2.
    application.refresh_from_db()
    assert application.framework == v1
    assert applications.application_create(publisher=publisher).framework == v2
    empty = FrameworkVersion.objects.create(number=9, title="Vide")
    with pytest.raises(ValidationError):
        framework_version_publish(version=empty)


def test_evidence_only_for_the_applications_own_version(publisher):
    application = application_filled(publisher)
    v2 = framework_version_copy(version=application.framework)
    foreign = Criterion.objects.filter(domain__version=v2).first()
    assert foreign is not None
    with pytest.raises(ValidationError):
        applications.evidence_save(application=application, texts={foreign.pk: "x"})
    with pytest.raises(ValidationError):
        evidence_document(application, foreign)


def test_evidence_documents_are_encrypted_at_rest(publisher, settings):
    from vault.storage import vault_storage

    application = application_filled(publisher)
    document = evidence_document(application, criteria_of(application)[0])
    with vault_storage().open(document.storage_name) as stored:
        raw = stored.read()
    assert b"rapport de test" not in raw
    assert document.storage_name.startswith("appregister/")
    assert b"".join(document.open_plaintext()).startswith(b"%PDF")


def test_statuses_only_move_along_the_workflow(publisher, council):
    application = application_filled(publisher)
    with pytest.raises(TransitionError):
        decisions.application_grant(application_id=application.pk, staff=council)
    with pytest.raises(TransitionError):
        decisions.label_withdraw(application_id=application.pk, staff=council, reason="x")
    assert AppApplication.objects.get(pk=application.pk).status == S.DRAFT
    assert not application.history.exists()
