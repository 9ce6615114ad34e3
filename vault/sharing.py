"""Sharing a document or a folder with another doctor: services, selectors, the reader's download.

A share is a row, never a copy: the recipient's download streams the owner's own encrypted
object, decrypted on the fly with the server-side key exactly as the owner's download is
(`vault.http.download_response`). Nothing is written to storage and nothing is re-encrypted
for the recipient, so revoking a share (or trashing the document) leaves nothing behind.

Who may be a recipient is decided here only (`share_recipient_find`): a doctor of the roll,
authorised to practise, with an active account linked to that roll entry, and not the owner.
What the sharer learns from a refusal is discussed in docs/vault.md (« Sharing »).
"""

import dataclasses
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.entries import PracticeStatus, practice_status
from portal.access import owned_or_404
from portal.emails import email_send
from portal.french_format import french_date
from portal.queueing import enqueue_on_commit
from roll.models import Doctor
from roll.rpps import normalize_rpps, validate_rpps
from vault.http import download_response
from vault.models import AccessAction, Document, Folder, Share, ShareEnd
from vault.services import AccessContext, access_log_record
from vault.validation import NAME_MAX_LENGTH

logger = logging.getLogger("portal.access")

SHARE_DEFAULT_DAYS = 7
SHARE_MAX_DAYS = 90
# The channel written in both journals for what a recipient does through a share.
VIA_SHARE = "partage"

NO_ACCOUNT_MESSAGE = (
    "Le {name} n’a pas de compte actif rattaché à son inscription au tableau\u00a0: aucun partage "
    "ne peut lui être adressé pour le moment. Proposez-lui d’ouvrir son espace sur le portail, "
    "puis recommencez."
)

SHARE_EMAIL_REASON = (
    "Vous recevez ce message parce qu’un confrère a partagé avec vous un document de son "
    "coffre-fort numérique sur le portail de l’Ordre des médecins."
)


# --- Recipients -------------------------------------------------------------------------


def share_recipient_find(*, owner: User, rpps: str) -> User:
    """The account a share to `rpps` goes to, or a ValidationError on "rpps" in plain French.

    The refusals name only what the public directory already shows for that number (on the
    roll or not, authorised to practise or not), plus one: "no account to send it to".
    """
    number = normalize_rpps(rpps)
    if not number:
        raise ValidationError({"rpps": "Indiquez le numéro RPPS de votre confrère."})
    try:
        validate_rpps(number)
    except ValidationError as error:
        raise ValidationError({"rpps": error.messages}) from None
    doctor = Doctor.objects.filter(rpps=number).first()
    if doctor is None:
        _refused(owner, "not_on_roll")
        raise ValidationError(
            {"rpps": f"Aucun médecin inscrit au tableau ne porte le numéro RPPS {number}."}
        )
    if doctor.pk == owner.doctor_id:
        raise ValidationError(
            {"rpps": "C’est votre propre numéro RPPS\u00a0: un partage se fait avec un confrère."}
        )
    if practice_status(doctor.status) != PracticeStatus.AUTHORISED:
        _refused(owner, "not_authorised")
        raise ValidationError(
            {
                "rpps": f"Le {doctor.display_name} n’est pas autorisé à exercer\u00a0: aucun "
                "document ne peut lui être partagé."
            }
        )
    recipient = User.objects.filter(doctor=doctor, is_active=True).first()
    if recipient is None:
        _refused(owner, "no_account")
        raise ValidationError({"rpps": NO_ACCOUNT_MESSAGE.format(name=doctor.display_name)})
    return recipient


def _refused(owner: User, reason: str) -> None:
    # The security team can follow someone trying numbers; the number itself is not logged.
    logger.info("Vault share refused: user %s, %s", owner.pk, reason)


# --- Writes -----------------------------------------------------------------------------


def share_expiry_check(expires_on: datetime.date | None, *, today: datetime.date) -> datetime.date:
    """The last day of access: 7 days from today unless chosen, from today to 90 days."""
    if expires_on is None:
        return today + datetime.timedelta(days=SHARE_DEFAULT_DAYS)
    if expires_on < today:
        raise ValidationError({"expires_on": "Choisissez une date à partir d’aujourd’hui."})
    latest = today + datetime.timedelta(days=SHARE_MAX_DAYS)
    if expires_on > latest:
        raise ValidationError(
            {
                "expires_on": f"Un partage dure {SHARE_MAX_DAYS} jours au plus\u00a0: choisissez "
                f"une date jusqu’au {french_date(latest)}."
            }
        )
    return expires_on


def share_create(
    *,
    owner: User,
    rpps: str,
    ctx: AccessContext,
    document: Document | None = None,
    folder: Folder | None = None,
    expires_on: datetime.date | None = None,
    message: str = "",
    today: datetime.date | None = None,
) -> Share:
    """Share one of the owner's live documents, or one of their folders, read-only."""
    if (document is None) == (folder is None):
        raise ValueError("share_create takes a document or a folder")
    if document is not None and (document.owner_id != owner.pk or document.is_trashed):
        raise ValidationError("Ce document n’existe pas.")
    if folder is not None and folder.owner_id != owner.pk:
        raise ValidationError("Ce dossier n’existe pas.")
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    recipient: User | None = None
    try:
        recipient = share_recipient_find(owner=owner, rpps=rpps)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        expires_on = share_expiry_check(expires_on, today=today)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assert recipient is not None
    assert expires_on is not None
    with transaction.atomic():
        # Locking the target serialises two shares of it (the second sees the first) and a
        # share against the document's trashing (it is read again under the lock).
        if document is not None:
            locked = Document.objects.select_for_update().get(pk=document.pk)
            if locked.is_trashed:
                raise ValidationError("Ce document n’existe pas.")
        else:
            assert folder is not None
            Folder.objects.select_for_update().filter(pk=folder.pk).first()
        open_shares = Share.objects.select_for_update().filter(
            recipient=recipient, ended_at__isnull=True, document=document, folder=folder
        )
        for previous in open_shares:
            if previous.is_live(today):
                raise ValidationError(
                    {
                        "rpps": f"{_what(document)} est déjà partagé avec le "
                        f"{_doctor_name(recipient)} jusqu’au {french_date(previous.expires_on)}"
                        "\u00a0: révoquez ce partage pour en créer un autre."
                    }
                )
            _end(previous, ShareEnd.EXPIRED)
        share = Share(
            owner=owner,
            recipient=recipient,
            document=document,
            folder=folder,
            expires_on=expires_on,
            message=message.strip(),
        )
        share.full_clean(validate_constraints=False)
        share.save(force_insert=True)
        _journal_both(share, AccessAction.SHARE, ctx)
        enqueue_on_commit("vault.tasks.send_share_email", share.pk)
    return share


def _what(document: Document | None) -> str:
    return "Ce document" if document is not None else "Ce dossier"


def _doctor_name(user: User) -> str:
    return user.doctor.display_name if user.doctor is not None else f"Dr {user.get_full_name()}"


def _greeting(user: User) -> str:
    return f"Docteur {user.doctor.last_name}" if user.doctor is not None else ""


def recipient_name(share: Share) -> str:
    """« Dr Claire Dubois »: the name the directory shows, never the account's address."""
    return _doctor_name(share.recipient)


def owner_name(share: Share) -> str:
    return _doctor_name(share.owner)


def _end(share: Share, reason: ShareEnd) -> None:
    share.ended_at = timezone.now()
    share.end_reason = reason
    # The message was for the recipient while the share was open; it is not kept after.
    share.message = ""
    share.save(update_fields=["ended_at", "end_reason", "message"])


def _journal_both(share: Share, action: AccessAction, ctx: AccessContext) -> None:
    """Write the share's creation or end in the owner's journal and in the recipient's, each
    naming the other doctor (the journal's « Document » column)."""
    name = (
        share.target_name
        if share.document is not None
        else f"Dossier «\u00a0{share.target_name}\u00a0»"
    )
    via_share = dataclasses.replace(ctx, via=VIA_SHARE)
    access_log_record(
        owner=share.owner, action=action, ctx=via_share, document=share.document,
        document_name=journal_name(name, f"avec le {recipient_name(share)}"),
    )  # fmt: skip
    # The recipient's row names the document but does not point at it (the owner's
    # per-document history reads the owner's own rows only), and keeps the owner's address
    # out of the colleague's journal.
    access_log_record(
        owner=share.recipient, action=action, ctx=_elsewhere(via_share),
        document_name=journal_name(name, f"partagé par le {owner_name(share)}"),
    )  # fmt: skip


def _elsewhere(ctx: AccessContext) -> AccessContext:
    """The context for the other doctor's journal: who and how, not from which address (an
    IP address is the actor's personal data; their own journal keeps it)."""
    return dataclasses.replace(ctx, ip=None)


def journal_name(name: str, detail: str) -> str:
    """« name (detail) » within the journal's 200 characters, the name shortened first."""
    suffix = f" ({detail})"
    room = NAME_MAX_LENGTH - len(suffix)
    return (name if len(name) <= room else name[: max(room - 1, 0)] + "…") + suffix


@transaction.atomic
def share_revoke(*, share: Share, ctx: AccessContext) -> Share:
    """End the share now (the owner's choice); ending an ended share changes nothing."""
    locked = (
        Share.objects.select_for_update(of=("self",))
        .select_related("document", "folder")
        .get(pk=share.pk)
    )
    if locked.ended_at is None:
        _end(locked, ShareEnd.REVOKED)
        _journal_both(locked, AccessAction.SHARE_END, ctx)
    return locked


def shares_follow(*, outgoing: Document, incoming: Document) -> None:
    """`incoming` has just become the current row of `outgoing`'s document (a new version, an
    old one restored, `vault.versions._take_place`): every share of the document, open or
    ended, moves with it, so a recipient reads the current version and the owner's « Mes
    partages » keeps its history. Should both rows be open-shared with the same colleague
    (two documents joined as versions), the share lasting longer is kept: it covers the
    other's access, and only one can be open per document and recipient."""
    moving = Share.objects.select_for_update(of=("self",)).filter(document=outgoing)
    staying = {
        share.recipient_id: share
        for share in Share.objects.select_for_update(of=("self",)).filter(
            document=incoming, ended_at__isnull=True
        )
    }
    for share in moving.filter(ended_at__isnull=True, recipient_id__in=list(staying)):
        other = staying[share.recipient_id]
        if share.expires_on > other.expires_on:
            other.delete()
        else:
            share.delete()
    Share.objects.filter(document=outgoing).update(document=incoming)


@transaction.atomic
def shares_revoke_all(*, user: User, ctx: AccessContext) -> int:
    """End every open share `user` made or received, at once (their account is closing);
    each is journalled on both sides as a revocation. The number ended."""
    either_way = Q(owner=user) | Q(recipient=user)
    open_shares = list(Share.objects.filter(either_way, ended_at__isnull=True).order_by("pk"))
    for share in open_shares:
        share_revoke(share=share, ctx=ctx)
    return len(open_shares)


def shares_purge_before(*, older_than: datetime.datetime) -> int:
    """Delete shares that ended or expired before `older_than` (legal.tasks.retention_purge)."""
    day = timezone.localdate(older_than)
    deleted, _ = Share.objects.filter(
        Q(ended_at__lt=older_than) | Q(ended_at__isnull=True, expires_on__lt=day)
    ).delete()
    return deleted


def share_email_send(*, share_id: int) -> bool:
    """Tell the recipient of an open share, once (the task may run twice)."""
    with transaction.atomic():
        share = (
            Share.objects.select_for_update(of=("self",))
            .select_related("owner__doctor", "recipient__doctor", "document", "folder")
            .filter(pk=share_id, ended_at__isnull=True, email_sent_at__isnull=True)
            .first()
        )
        if share is None:
            return False
        share.email_sent_at = timezone.now()
        share.save(update_fields=["email_sent_at"])
        email_send(
            to=share.recipient.email,
            template="vault/email/share_received",
            reason=SHARE_EMAIL_REASON,
            context={
                "greeting_name": _greeting(share.recipient),
                "owner_name": _doctor_name(share.owner),
                "is_folder": share.folder_id is not None,
                "target_name": share.target_name,
                "expires_on": french_date(share.expires_on),
                "message": share.message,
                "shared_url": settings.SITE_URL + reverse("vault:shared_with_me"),
            },
        )
    return True


# --- Reads ------------------------------------------------------------------------------


def _live(today: datetime.date | None = None) -> Q:
    # A deactivated owner's shares give nothing either (an account being closed).
    return Q(
        ended_at__isnull=True,
        expires_on__gte=today or timezone.localdate(),
        owner__is_active=True,
    )


def shares_received(*, recipient: User, today: datetime.date | None = None) -> QuerySet[Share]:
    return (
        Share.objects.filter(_live(today), recipient=recipient)
        .filter(Q(document__isnull=True) | Q(document__trashed_at__isnull=True))
        .select_related("owner__doctor", "document", "folder")
        .order_by("expires_on", "-created_at")
    )


def shared_documents(*, recipient: User, today: datetime.date | None = None) -> QuerySet[Document]:
    """Documents `recipient` may read now: shared one by one, or in a shared folder."""
    live = Share.objects.filter(_live(today), recipient=recipient)
    # Current rows only: an earlier version keeps its folder but is not what was shared.
    return Document.objects.filter(
        Q(pk__in=live.filter(document__isnull=False).values("document_id"))
        | Q(folder_id__in=live.filter(folder__isnull=False).values("folder_id")),
        trashed_at__isnull=True,
        version_of__isnull=True,
    )


@dataclass(frozen=True)
class ReceivedShare:
    share: Share
    documents: list[Document]


def shares_received_with_documents(*, recipient: User) -> list[ReceivedShare]:
    """Each open share and the documents it covers now (a folder's live documents)."""
    shares = list(shares_received(recipient=recipient))
    folder_ids = [s.folder_id for s in shares if s.folder_id is not None]
    in_folders: dict[int, list[Document]] = {}
    for document in Document.objects.filter(
        folder_id__in=folder_ids, trashed_at__isnull=True, version_of__isnull=True
    ).order_by("display_name", "pk"):
        assert document.folder_id is not None
        in_folders.setdefault(document.folder_id, []).append(document)
    return [
        ReceivedShare(
            share=share,
            documents=[share.document]
            if share.document is not None
            else in_folders.get(share.folder_id or 0, []),
        )
        for share in shares
    ]


def document_get_for_reader(*, user: User, document_id: object) -> Document:
    """A live, current document `user` owns or may read through an open share, or a logged
    404 (an earlier version is downloaded by its owner only, `vault.views_versions`)."""
    readable = Q(owner=user) | Q(pk__in=shared_documents(recipient=user).values("pk"))
    qs = Document.objects.filter(
        readable, trashed_at__isnull=True, version_of__isnull=True
    ).select_related("owner__doctor", "folder")
    return owned_or_404(qs, user_id=user.pk, pk=document_id)


def shares_given(*, owner: User) -> QuerySet[Share]:
    return Share.objects.filter(owner=owner).select_related(
        "recipient__doctor", "document", "folder"
    )


def shares_open_for(
    *, owner: User, document: Document | None = None, folder: Folder | None = None
) -> QuerySet[Share]:
    """The open shares of one target, for its share page."""
    return shares_given(owner=owner).filter(_live(), document=document, folder=folder)


def share_get(*, owner: User, share_id: object) -> Share:
    """The owner's share, or 404: a recipient cannot revoke, a third doctor cannot see."""
    return owned_or_404(shares_given(owner=owner), user_id=owner.pk, pk=share_id)


# --- The reader's download --------------------------------------------------------------


def reader_download_response(
    *, document: Document, reader: User, ctx: AccessContext
) -> StreamingHttpResponse:
    """The owner's download as before; a recipient's is written in both journals."""
    if document.owner_id == reader.pk:
        return download_response(document=document, ctx=ctx)
    via_share = dataclasses.replace(ctx, via=VIA_SHARE)
    access_log_record(
        owner=reader,
        action=AccessAction.DOWNLOAD,
        ctx=via_share,
        document_name=journal_name(
            document.display_name, f"partagé par le {_doctor_name(document.owner)}"
        ),
    )
    return download_response(document=document, ctx=_elsewhere(via_share))
