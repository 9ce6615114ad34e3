"""Sharing with a colleague: who may receive, expiry bounds, revocation, the trash, folders,
both journals, the email, and what the recipient's download streams."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from roll.models import DoctorStatus
from tests.factories import DoctorFactory, stored_document
from tests.races import at_once
from tests.vault.conftest import PDF, stored_objects
from vault import services, sharing
from vault.models import AccessAction, AccessLogEntry, Document, Share, ShareEnd

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def owner(doctor_user):
    return doctor_user


@pytest.fixture
def ctx(owner):
    return services.AccessContext(actor=owner, ip="192.0.2.10")


@pytest.fixture
def document(shared_report):
    return shared_report


def share(owner, colleague, ctx, **kwargs):
    kwargs.setdefault("today", timezone.localdate())
    return sharing.share_create(owner=owner, rpps=colleague.doctor.rpps, ctx=ctx, **kwargs)


def errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Who may receive --------------------------------------------------------------------


def test_a_share_goes_to_the_account_of_the_rpps_typed_with_spaces(owner, colleague, ctx, document):
    rpps = colleague.doctor.rpps
    typed = f"{rpps[:3]} {rpps[3:6]} {rpps[6:]}"
    created = sharing.share_create(owner=owner, rpps=typed, document=document, ctx=ctx)
    assert created.recipient == colleague
    assert created.expires_on == timezone.localdate() + datetime.timedelta(days=7)
    assert created.is_live()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez le numéro RPPS de votre confrère."),
        ("1234", "Le numéro RPPS comporte exactement 11 chiffres."),
        ("10000000001", "clé de contrôle incorrecte"),
    ],
)
def test_a_malformed_rpps_is_refused_on_its_field(owner, ctx, document, typed, message):
    with pytest.raises(ValidationError) as excinfo:
        sharing.share_create(owner=owner, rpps=typed, document=document, ctx=ctx)
    assert message in " ".join(errors(excinfo)["rpps"])
    assert not Share.objects.exists()


def test_a_number_not_on_the_roll_is_refused(owner, ctx, document):
    unknown = DoctorFactory.build().rpps  # Luhn-valid, never saved
    with pytest.raises(ValidationError) as excinfo:
        sharing.share_create(owner=owner, rpps=unknown, document=document, ctx=ctx)
    assert errors(excinfo)["rpps"] == [
        f"Aucun médecin inscrit au tableau ne porte le numéro RPPS {unknown}."
    ]


def test_sharing_with_oneself_is_refused(owner, ctx, document):
    with pytest.raises(ValidationError) as excinfo:
        sharing.share_create(owner=owner, rpps=owner.doctor.rpps, document=document, ctx=ctx)
    assert "votre propre numéro RPPS" in errors(excinfo)["rpps"][0]
    # The database refuses it too, whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(owner=owner, recipient=owner, document=document, expires_on=TODAY)


def test_an_unclaimed_rpps_is_refused_with_what_to_do(owner, ctx, document, caplog):
    unclaimed = DoctorFactory.create(first_name="Marc", last_name="Petit")
    with (
        caplog.at_level(logging.INFO, logger="portal.access"),
        pytest.raises(ValidationError) as excinfo,
    ):
        sharing.share_create(owner=owner, rpps=unclaimed.rpps, document=document, ctx=ctx)
    message = errors(excinfo)["rpps"][0]
    assert message.startswith("Le Dr Marc Petit n’a pas de compte actif")
    assert "Proposez-lui d’ouvrir son espace" in message
    # The refusal is traced for the security team, without the number asked.
    assert any("no_account" in r.getMessage() for r in caplog.records)
    assert not any(unclaimed.rpps in r.getMessage() for r in caplog.records)


def test_a_deactivated_account_reads_exactly_like_no_account(owner, ctx, document, colleague):
    colleague.is_active = False
    colleague.save()
    with pytest.raises(ValidationError) as excinfo:
        share(owner, colleague, ctx, document=document)
    assert errors(excinfo)["rpps"] == [
        sharing.NO_ACCOUNT_MESSAGE.format(name=colleague.doctor.display_name)
    ]


@pytest.mark.parametrize("status", [DoctorStatus.SUSPENDED, DoctorStatus.STRUCK_OFF])
def test_a_doctor_not_authorised_to_practise_is_refused(owner, ctx, document, colleague, status):
    colleague.doctor.status = status
    colleague.doctor.save()
    with pytest.raises(ValidationError) as excinfo:
        share(owner, colleague, ctx, document=document)
    assert "n’est pas autorisé à exercer" in errors(excinfo)["rpps"][0]


def test_another_doctors_document_or_a_trashed_one_cannot_be_shared(
    owner, colleague, ctx, document, other_doctor_user
):
    theirs = stored_document(other_doctor_user, file_name="a-eux.pdf")
    with pytest.raises(ValidationError):
        share(owner, colleague, ctx, document=theirs)
    services.document_trash(document=document, ctx=ctx)
    with pytest.raises(ValidationError):
        share(owner, colleague, ctx, document=document)
    assert not Share.objects.exists()


# --- Expiry -----------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 1, 7, 90])
def test_the_expiry_may_be_from_today_to_90_days(owner, colleague, ctx, document, days):
    created = share(
        owner, colleague, ctx, document=document, today=TODAY,
        expires_on=TODAY + datetime.timedelta(days=days),
    )  # fmt: skip
    assert created.expires_on == TODAY + datetime.timedelta(days=days)


def test_an_expiry_past_90_days_or_in_the_past_is_refused(owner, colleague, ctx, document):
    with pytest.raises(ValidationError) as excinfo:
        share(
            owner, colleague, ctx, document=document, today=TODAY,
            expires_on=TODAY + datetime.timedelta(days=91),
        )  # fmt: skip
    assert errors(excinfo)["expires_on"] == [
        "Un partage dure 90 jours au plus\u00a0: choisissez une date jusqu’au 3 mars 2027."
    ]
    with pytest.raises(ValidationError) as excinfo:
        share(
            owner, colleague, ctx, document=document, today=TODAY,
            expires_on=TODAY - datetime.timedelta(days=1),
        )  # fmt: skip
    assert "à partir d’aujourd’hui" in errors(excinfo)["expires_on"][0]


def test_both_fields_are_reported_at_once(owner, ctx, document):
    with pytest.raises(ValidationError) as excinfo:
        sharing.share_create(
            owner=owner, rpps="123", document=document, ctx=ctx, today=TODAY,
            expires_on=TODAY + datetime.timedelta(days=200),
        )  # fmt: skip
    assert set(errors(excinfo)) == {"rpps", "expires_on"}


def test_an_expired_share_gives_no_access_and_makes_way_for_a_new_one(
    owner, colleague, ctx, document
):
    old = share(owner, colleague, ctx, document=document, today=TODAY, expires_on=TODAY)
    assert sharing.shared_documents(recipient=colleague, today=TODAY).get() == document
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert not sharing.shared_documents(recipient=colleague, today=tomorrow).exists()
    assert not sharing.shares_received(recipient=colleague, today=tomorrow).exists()
    # Sharing it again closes the expired one (one open share per document and colleague).
    again = share(owner, colleague, ctx, document=document, today=tomorrow)
    old.refresh_from_db()
    assert old.end_reason == ShareEnd.EXPIRED
    assert again.is_live(tomorrow)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_shares_at_once_make_one_and_a_french_refusal(postgres, owner, colleague, document):
    def submit() -> int:
        return share(owner, colleague, services.AccessContext(actor=owner), document=document).pk

    made, errors = at_once(submit, submit)
    assert len(made) == 1
    [refused] = errors
    assert isinstance(refused, ValidationError)
    assert "déjà partagé" in refused.message_dict["rpps"][0]
    assert Share.objects.count() == 1


def test_a_second_open_share_of_the_same_document_is_refused(owner, colleague, ctx, document):
    share(owner, colleague, ctx, document=document)
    with pytest.raises(ValidationError) as excinfo:
        share(owner, colleague, ctx, document=document)
    assert "déjà partagé avec le Dr Claire Dubois" in errors(excinfo)["rpps"][0]


# --- Revocation and the trash -----------------------------------------------------------


def test_the_owner_revokes_and_the_document_is_no_longer_readable(owner, colleague, ctx, document):
    created = share(owner, colleague, ctx, document=document, message="Votre avis ?")
    assert sharing.document_get_for_reader(user=colleague, document_id=document.pk) == document
    ended = sharing.share_revoke(share=created, ctx=ctx)
    assert ended.end_reason == ShareEnd.REVOKED
    assert ended.message == ""  # kept only while the share is open
    with pytest.raises(Http404):
        sharing.document_get_for_reader(user=colleague, document_id=document.pk)
    # Revoking twice changes nothing and writes nothing more.
    entries = AccessLogEntry.objects.count()
    sharing.share_revoke(share=created, ctx=ctx)
    assert AccessLogEntry.objects.count() == entries


def test_trashing_the_document_ends_its_share_for_good(owner, colleague, ctx, document):
    created = share(owner, colleague, ctx, document=document)
    services.document_trash(document=document, ctx=ctx)
    created.refresh_from_db()
    assert created.end_reason == ShareEnd.TRASHED
    assert not sharing.shared_documents(recipient=colleague).exists()
    services.document_restore(document=document, ctx=ctx)
    # A restore brings the document back to its owner, not to the colleague.
    assert not sharing.shared_documents(recipient=colleague).exists()
    assert not sharing.shares_received(recipient=colleague).exists()


def test_a_folder_share_covers_its_documents_while_they_are_in_it(owner, colleague, ctx):
    folder = services.folder_create(owner=owner, name="Téléexpertise")
    inside = stored_document(owner, file_name="ecg.pdf", folder=folder)
    outside = stored_document(owner, file_name="contrat.pdf")
    share(owner, colleague, ctx, folder=folder)
    assert set(sharing.shared_documents(recipient=colleague)) == {inside}
    # A document moved in is covered, one moved out or trashed is not any more.
    services.document_move(document=outside, folder=folder, ctx=ctx)
    assert set(sharing.shared_documents(recipient=colleague)) == {inside, outside}
    services.document_move(document=inside, folder=None, ctx=ctx)
    services.document_trash(document=outside, ctx=ctx)
    assert not sharing.shared_documents(recipient=colleague).exists()
    [received] = sharing.shares_received_with_documents(recipient=colleague)
    assert received.documents == []
    # Deleting the folder ends the share with it.
    services.folder_delete(folder=folder)
    assert not Share.objects.exists()


def test_a_deactivated_owners_shares_give_nothing(owner, colleague, ctx, document):
    share(owner, colleague, ctx, document=document)
    owner.is_active = False
    owner.save()
    assert not sharing.shared_documents(recipient=colleague).exists()
    assert not sharing.shares_received(recipient=colleague).exists()


def test_a_third_doctor_reads_nothing(owner, colleague, ctx, document, other_doctor_user):
    share(owner, colleague, ctx, document=document)
    assert not sharing.shared_documents(recipient=other_doctor_user).exists()
    assert not sharing.shares_received(recipient=other_doctor_user).exists()
    with pytest.raises(Http404):
        sharing.document_get_for_reader(user=other_doctor_user, document_id=document.pk)
    with pytest.raises(Http404):
        sharing.share_get(owner=colleague, share_id=Share.objects.get().pk)


# --- Journals and email -----------------------------------------------------------------


def test_creation_and_end_are_written_in_both_journals(owner, colleague, ctx, document):
    created = share(owner, colleague, ctx, document=document)
    sharing.share_revoke(share=created, ctx=ctx)
    names = {
        owner: "echographie.pdf (avec le Dr Claire Dubois)",
        colleague: f"echographie.pdf (partagé par le {owner.doctor.display_name})",
    }
    for user, name in names.items():
        actions = list(
            AccessLogEntry.objects.filter(owner=user, via="partage")
            .order_by("pk")
            .values_list("action", "document_name", "actor")
        )
        assert actions == [
            (AccessAction.SHARE, name, owner.pk),
            (AccessAction.SHARE_END, name, owner.pk),
        ], user
    assert set(AccessLogEntry.objects.filter(via="partage").values_list("owner", "ip_address")) == {
        (owner.pk, "192.0.2.10"),
        (colleague.pk, None),
    }
    # Only the owner's rows point at the document (its own history).
    assert not AccessLogEntry.objects.filter(owner=colleague, document__isnull=False).exists()


def test_the_recipient_is_emailed_once_with_the_message(
    owner, colleague, ctx, document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = share(owner, colleague, ctx, document=document, message="Votre avis ?\nMerci.")
    [email] = mail.outbox
    assert email.to == [colleague.email]
    assert f"Le {owner.doctor.display_name} a partagé un document avec vous" in email.subject
    assert "«\u00a0echographie.pdf\u00a0»" in email.body
    assert "Votre avis ?\nMerci." in email.body
    assert "/espace/coffre/partages-avec-moi/" in email.body
    # The task may run again: nothing more is sent.
    assert sharing.share_email_send(share_id=created.pk) is False
    assert len(mail.outbox) == 1


def test_no_email_for_a_share_revoked_before_it_went_out(owner, colleague, ctx, document):
    created = share(owner, colleague, ctx, document=document)  # on_commit not run here
    sharing.share_revoke(share=created, ctx=ctx)
    assert sharing.share_email_send(share_id=created.pk) is False
    assert mail.outbox == []


# --- The download streams the owner's own object ----------------------------------------


def test_the_recipient_downloads_the_same_object_and_nothing_is_written(
    owner, colleague, ctx, document, vault_root
):
    share(owner, colleague, ctx, document=document)
    objects_before = stored_objects(vault_root)
    reader = sharing.document_get_for_reader(user=colleague, document_id=document.pk)
    response = sharing.reader_download_response(
        document=reader,
        reader=colleague,
        ctx=services.AccessContext(actor=colleague, ip="198.51.100.7"),
    )
    assert b"".join(response.streaming_content) == PDF
    # No copy, no re-encryption: the storage holds the same objects, the row is unchanged.
    assert stored_objects(vault_root) == objects_before
    assert Document.objects.count() == 1
    row = Document.objects.get()
    assert (row.storage_name, row.wrapped_key) == (document.storage_name, document.wrapped_key)
    owner_entry = AccessLogEntry.objects.get(owner=owner, action=AccessAction.DOWNLOAD)
    assert (owner_entry.actor, owner_entry.via, owner_entry.document) == (
        colleague,
        "partage",
        document,
    )
    # Each doctor's address stays in their own journal only.
    assert owner_entry.ip_address is None
    own_entry = AccessLogEntry.objects.get(owner=colleague, action=AccessAction.DOWNLOAD)
    assert (own_entry.document_name, own_entry.ip_address) == (
        f"echographie.pdf (partagé par le {owner.doctor.display_name})",
        "198.51.100.7",
    )
    assert owner_entry.document_name == "echographie.pdf"


def test_a_long_name_is_shortened_to_fit_the_journal():
    name = sharing.journal_name("a" * 200 + ".pdf", "avec le Dr Claire Dubois")
    assert len(name) == 200
    assert name.endswith("… (avec le Dr Claire Dubois)")


def test_shares_are_purged_a_year_after_they_end(owner, colleague, ctx, document):
    old = share(owner, colleague, ctx, document=document, today=TODAY, expires_on=TODAY)
    later = timezone.make_aware(datetime.datetime(2027, 12, 10))
    assert sharing.shares_purge_before(older_than=later - datetime.timedelta(days=400)) == 0
    assert sharing.shares_purge_before(older_than=later) == 1
    assert not Share.objects.filter(pk=old.pk).exists()
