"""« Fermer mon compte »: reauthentication, closed at once (no login, no session, no token),
reopened at login or by staff during the grace period, purged after it by the beat task,
and what the council keeps: the roll entry above all."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from appregister.models import (
    AppApplication,
    BodyMembership,
    CriterionResult,
    EvidenceDocument,
    ProblemReport,
    Publisher,
    Recommendation,
)
from contact.models import ContactRequest
from cotisations.models import DuesCall, Payment
from debits.models import Mandate
from ereputation.models import KeptAnalysis
from exemptions.models import ExemptionRequest
from guides.models import AssistantFeedback
from privacy.models import AccountClosure, ClosureStatus, DataExport
from privacy.services.closures import account_close, account_purge, account_reopen
from privacy.tasks import purge_closed_accounts
from registrations.models import RegistrationDocument, RegistrationRequest
from roll.models import ChangeRequest, Doctor
from tests.auth_helpers import totp_now, totp_secret
from tests.factories import TEST_PASSWORD, UserFactory
from tests.privacy.conftest import built_export, draft_student, logged_in
from vault.models import AccessAction, AccessLogEntry, Document, Folder, Share, ShareEnd
from vault.sharing import shared_documents


def close_through_the_page(client: Client) -> None:
    response = client.post(reverse("privacy:close"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:closed")


def after_grace() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=31)


def test_the_page_says_what_goes_and_what_stays(busy_doctor):
    page = logged_in(busy_doctor.user).get(reverse("privacy:close")).content.decode()
    assert "Ce qui est effacé" in page
    assert "Ce que l’Ordre conserve" in page
    assert "Votre inscription au tableau" in page
    assert "10&nbsp;ans" in page
    assert reverse("privacy:data") in page  # export offered first
    assert "les partages de documents avec vos confrères prennent fin" in page
    assert "vos analyses d’avis en ligne conservées" in page
    assert "Vos signalements de problème" in page


def test_closing_asks_for_the_password_again(busy_doctor):
    client = logged_in(busy_doctor.user, reauthenticated=False)
    response = client.post(reverse("privacy:close"), {"confirm": "on"})
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    busy_doctor.user.refresh_from_db()
    assert busy_doctor.user.is_active


def test_closing_needs_the_box_ticked(busy_doctor):
    response = logged_in(busy_doctor.user).post(reverse("privacy:close"), {})
    assert response.status_code == 200
    assert "Cochez la case" in response.content.decode()
    busy_doctor.user.refresh_from_db()
    assert busy_doctor.user.is_active


def test_closing_shuts_the_account_at_once(busy_doctor):
    user = busy_doctor.user
    other_browser = logged_in(user)
    client = logged_in(user)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        close_through_the_page(client)
    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(user=user).exists()
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    # Both browsers are logged out; the API token is gone.
    for browser in (client, other_browser):
        assert browser.get(reverse("doctor_space"))["Location"].startswith(reverse("account_login"))
    closed_page = client.get(reverse("privacy:closed")).content.decode()
    assert "Votre compte est fermé" in closed_page
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "fermé" in message.subject
    # Nothing is deleted yet.
    assert Document.objects.filter(owner=user).count() == 3
    closure = AccountClosure.objects.get(user=user)
    assert closure.status == ClosureStatus.CLOSED
    assert (closure.purge_after - closure.closed_at).days == 30


def test_a_closed_account_cannot_be_closed_twice(busy_student):
    account_close(user=busy_student.user)
    with pytest.raises(ValidationError, match="déjà fermé"):
        account_close(user=busy_student.user)


def test_staff_accounts_are_not_closed_here(staff_user):
    with pytest.raises(ValidationError):
        account_close(user=staff_user)


def test_logging_in_again_offers_to_reopen(busy_doctor):
    user = busy_doctor.user
    account_close(user=user)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:reopen")
    page = client.get(reverse("privacy:reopen")).content.decode()
    assert "Rouvrir mon compte" in page
    response = client.post(reverse("privacy:reopen"))
    assert response["Location"] == reverse("account_login")
    user.refresh_from_db()
    assert user.is_active
    assert AccountClosure.objects.get(user=user).status == ClosureStatus.REOPENED
    # A normal login follows: password, then the second factor; nothing was lost.
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_now(totp_secret(user))})
    assert client.get(reverse("doctor_space")).status_code == 200
    assert Document.objects.filter(owner=user).count() == 3


def test_a_wrong_password_is_not_offered_anything(busy_doctor):
    account_close(user=busy_doctor.user)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": busy_doctor.user.email, "password": "pas le bon"}
    )
    assert response.status_code == 200
    assert client.get(reverse("privacy:reopen"))["Location"] == reverse("account_login")


def test_the_reopen_page_needs_the_proof_of_password(busy_doctor):
    account_close(user=busy_doctor.user)
    response = Client().post(reverse("privacy:reopen"))
    assert response["Location"] == reverse("account_login")
    busy_doctor.user.refresh_from_db()
    assert not busy_doctor.user.is_active


def test_staff_reopen_from_the_admin(busy_student, staff_client):
    closure = account_close(user=busy_student.user)
    response = staff_client.post(
        reverse("admin:privacy_accountclosure_changelist"),
        {"action": "reopen", "_selected_action": [closure.pk]},
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.REOPENED
    assert closure.reopened_by.is_staff
    busy_student.user.refresh_from_db()
    assert busy_student.user.is_active


def test_the_purge_waits_for_the_grace_period(busy_doctor):
    closure = account_close(user=busy_doctor.user)
    assert account_purge(closure_id=closure.pk) is False
    assert purge_closed_accounts() == 0
    assert Document.objects.filter(owner=busy_doctor.user).exists()


def test_closing_ends_the_shares_both_ways_at_once(busy_doctor):
    user, colleague = busy_doctor.user, busy_doctor.extra["colleague"]
    given, received = busy_doctor.extra["shares"]
    assert shared_documents(recipient=colleague).exists()
    assert shared_documents(recipient=user).exists()
    close_through_the_page(logged_in(user))
    for share in (given, received):
        share.refresh_from_db()
        assert (share.end_reason, share.message) == (ShareEnd.REVOKED, "")
        assert share.ended_at is not None
    assert not shared_documents(recipient=colleague).exists()
    assert not shared_documents(recipient=user).exists()
    # Each doctor's journal says the share ended.
    for owner in (user, colleague):
        ends = AccessLogEntry.objects.filter(owner=owner, action=AccessAction.SHARE_END)
        assert ends.count() == 2
    # Reopening the account does not bring them back.
    closure = AccountClosure.objects.get(user=user)
    account_reopen(closure_id=closure.pk, by=user)
    assert Share.objects.filter(ended_at__isnull=True).count() == 0


def test_the_purge_erases_the_account_and_keeps_the_councils_records(busy_doctor, vault_root):
    user, doctor = busy_doctor.user, busy_doctor.doctor
    built_export(user)
    closure = account_close(user=user)
    objects_before = set(vault_root.rglob("*.ovf"))
    vault_names = {d.storage_name for d in busy_doctor.documents}
    analysis_name = busy_doctor.extra["analysis"].storage_name
    assert (vault_root / analysis_name).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert account_purge(closure_id=closure.pk, now=after_grace()) is True

    user.refresh_from_db()
    assert user.email.endswith("@invalid.invalid")
    assert (user.first_name, user.last_name, user.doctor_id) == ("", "", None)
    assert not user.has_usable_password()
    for model in (EmailAddress, Authenticator, SocialAccount, Token, DataExport):
        assert not model.objects.filter(user=user).exists(), model
    assert not Document.objects.filter(owner=user).exists()
    assert not Folder.objects.filter(owner=user).exists()
    assert not AccessLogEntry.objects.filter(owner=user).exists()
    assert not AssistantFeedback.objects.filter(user=user).exists()
    objects_after = {p.relative_to(vault_root).as_posix() for p in vault_root.rglob("*.ovf")}
    assert not objects_after & vault_names
    assert not any(n.startswith("privacy-exports/") for n in objects_after)
    assert len(objects_after) < len(objects_before)
    # The kept e-reputation analyses, rows and objects.
    assert not KeptAnalysis.objects.filter(owner=user).exists()
    assert analysis_name not in objects_after
    # The shares the doctor made went with their documents; the one received stays ended
    # (the colleague's record, until the retention purge).
    given, received = busy_doctor.extra["shares"]
    assert not Share.objects.filter(pk=given.pk).exists()
    assert Share.objects.get(pk=received.pk).ended_at is not None

    # What the council keeps: the roll entry (intact), dues and payments, mandates, the
    # exemption and change requests with their documents, the contact request (unlinked).
    kept = Doctor.objects.get(pk=doctor.pk)
    assert (kept.rpps, kept.last_name, kept.email) == (doctor.rpps, doctor.last_name, doctor.email)
    assert DuesCall.objects.filter(doctor=doctor).count() == 2
    assert Payment.objects.filter(call__doctor=doctor).exists()
    assert Mandate.objects.filter(doctor=doctor).exists()
    assert ExemptionRequest.objects.filter(call__doctor=doctor).exists()
    assert ChangeRequest.objects.filter(doctor=doctor).exists()
    contact = ContactRequest.objects.get(email="anne.durand@exemple.test")
    assert contact.user is None
    # The problem report on a labelled app: the council's record, on the nameless account.
    report = ProblemReport.objects.get(pk=busy_doctor.extra["report"].pk)
    assert report.reporter_id == user.pk
    assert report.message == "Les mesures affichées sont décalées."

    # The doctor may claim the entry again with a new account; nobody can undo the purge.
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.PURGED
    with pytest.raises(ValidationError, match="effacées"):
        account_reopen(closure_id=closure.pk, by=user)
    assert (
        Client()
        .post(
            reverse("account_login"),
            {"login": "anne.durand@exemple.test", "password": TEST_PASSWORD},
        )
        .status_code
        == 200
    )


def test_a_doctors_roll_entry_is_never_deleted(busy_doctor):
    doctor_pk = busy_doctor.doctor.pk
    closure = account_close(user=busy_doctor.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        account_purge(closure_id=closure.pk, now=after_grace())
    assert Doctor.objects.filter(pk=doctor_pk).exists()


def test_a_students_purge_keeps_a_sent_registration_and_drops_a_draft(busy_student, db):
    closure = account_close(user=busy_student.user)
    drafter, draft = draft_student()
    draft_closure = account_close(user=drafter)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert account_purge(closure_id=closure.pk, now=after_grace())
        assert account_purge(closure_id=draft_closure.pk, now=after_grace())
    sent = RegistrationRequest.objects.get(user=busy_student.user)
    assert sent.documents.count() == 2
    assert not RegistrationRequest.objects.filter(pk=draft.pk).exists()
    assert not RegistrationDocument.objects.filter(request_id=draft.pk).exists()


def test_the_beat_task_purges_every_due_account(busy_student, db):
    closure = account_close(user=busy_student.user)
    other = account_close(user=UserFactory.create())
    AccountClosure.objects.filter(pk__in=[closure.pk, other.pk]).update(
        purge_after=timezone.now() - datetime.timedelta(minutes=1)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert purge_closed_accounts() == 2
    assert purge_closed_accounts() == 0  # run twice: nothing more


def test_a_publishers_purge_keeps_the_councils_files_and_drops_drafts(busy_publisher, vault_root):
    user = busy_publisher.user
    granted, draft = busy_publisher.extra["granted"], busy_publisher.extra["draft"]
    draft_object = busy_publisher.extra["draft_document"].storage_name
    kept_object = EvidenceDocument.objects.get(application=granted).storage_name
    closure = account_close(user=user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert account_purge(closure_id=closure.pk, now=after_grace()) is True

    # The draft, its evidence and its object are gone.
    assert not AppApplication.objects.filter(pk=draft.pk).exists()
    assert not EvidenceDocument.objects.filter(application_id=draft.pk).exists()
    assert not (vault_root / draft_object).exists()
    # The labelled application is the council's file: kept whole, readable, in the register.
    granted.refresh_from_db()
    assert granted.status == "granted"
    assert granted.label.number
    assert granted.history.count() == 4
    assert granted.material_changes.count() == 1
    document = EvidenceDocument.objects.get(application=granted)
    assert document.storage_name == kept_object
    assert b"".join(document.open_plaintext()).startswith(b"%PDF")
    # The company stays with its file; its contact person does not.
    publisher = Publisher.objects.get(user=user)
    assert (publisher.company_name, publisher.siren) == ("GlycoSuivi SAS", "552100554")
    assert (publisher.contact_name, publisher.contact_phone) == ("", "")


def test_a_publisher_with_drafts_only_leaves_nothing(db, vault_root):
    from tests.appregister.helpers import (
        application_filled,
        criteria_of,
        evidence_document,
        publisher_create,
    )

    publisher = publisher_create(email="solo@exemple.test")
    draft = application_filled(publisher)
    stored = evidence_document(draft, criteria_of(draft)[0]).storage_name
    closure = account_close(user=publisher.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert account_purge(closure_id=closure.pk, now=after_grace()) is True
    assert not Publisher.objects.filter(pk=publisher.pk).exists()
    assert not AppApplication.objects.filter(pk=draft.pk).exists()
    assert not (vault_root / stored).exists()


def test_an_assessors_purge_keeps_the_assessment_and_ends_the_membership(busy_publisher):
    assessor = busy_publisher.extra["assessor"]
    granted = busy_publisher.extra["granted"]
    results = CriterionResult.objects.filter(assessor=assessor).count()
    assert results > 0
    closure = account_close(user=assessor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert account_purge(closure_id=closure.pk, now=after_grace()) is True
    assert not BodyMembership.objects.filter(user=assessor).exists()
    assert CriterionResult.objects.filter(assessor=assessor, application=granted).count() == results
    assert Recommendation.objects.filter(assessor=assessor, application=granted).exists()
    assessor.refresh_from_db()
    assert assessor.email.endswith("@invalid.invalid")


def test_the_page_names_the_register_for_a_publisher(busy_publisher):
    page = logged_in(busy_publisher.user).get(reverse("privacy:close")).content.decode()
    assert "demandes de label jamais envoyées" in page
    assert "Vos demandes de label envoyées" in page
    assert "Vos évaluations" not in page
    assessor_page = (
        logged_in(busy_publisher.extra["assessor"]).get(reverse("privacy:close")).content.decode()
    )
    assert "Vos évaluations" in assessor_page


def test_a_closed_publisher_is_no_longer_emailed_by_the_register(busy_publisher):
    from appregister.emails import event_email_send
    from appregister.models import ApplicationEvent
    from appregister.services.aftercare import renewal_reminders_send
    from appregister.services.decisions import label_suspend

    granted = busy_publisher.extra["granted"]
    account_close(user=busy_publisher.user)
    mail.outbox.clear()
    label_suspend(
        application_id=granted.pk, staff=UserFactory.create(staff=True), reason="Faille signalée."
    )
    event = ApplicationEvent.objects.filter(application=granted).latest("at", "pk")
    assert event_email_send(event_id=event.pk) is False
    end = granted.label.valid_until
    assert renewal_reminders_send(today=end - datetime.timedelta(days=10)) == 0
    assert mail.outbox == []
