"""Versions of a vault document: reads and writes.

The object's associated data binds the row's id (docs/vault-format.md), so content can never
move from one row to another: each version is a `Document` row of its own. The current one has
`version_of` empty; every earlier one points at it, carries `superseded_at`, and stays in
storage, counted in the quota, read by `vault_verify`, re-wrapped by key rotation. Lists,
search, export and expiry reminders see current documents only. Making a document a new
version, or bringing an old one back, moves the pointers and the document's metadata (name,
folder, expiry, description, tags): nothing is decrypted or copied.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from portal.access import owned_or_404
from vault.models import AccessAction, Document
from vault.search import document_search_text
from vault.selectors import current_documents
from vault.services import AccessContext, access_log_record, version_row_delete
from vault.sharing import shares_follow

# Carried from the replaced current row to the one that takes its place.
DOCUMENT_FIELDS = ("display_name", "folder", "description", "tags", "kept_apart")


def version_list(*, document: Document) -> QuerySet[Document]:
    """Earlier versions of a current document, the most recently uploaded first."""
    return Document.objects.filter(version_of=document).order_by("-created_at", "pk")


def version_get(*, owner: User, document: Document, version_id: uuid.UUID | str) -> Document:
    """One earlier version of the owner's current document, or 404."""
    qs = Document.objects.filter(owner=owner, version_of=document)
    return owned_or_404(qs, user_id=owner.pk, pk=version_id)


def version_head_of(*, owner: User, document_id: uuid.UUID | str) -> Document | None:
    """The current document an old version's id belongs to (an old link), or None."""
    old = Document.objects.filter(owner=owner, pk=document_id).exclude(version_of=None).first()
    return old.version_of if old is not None else None


@dataclass(frozen=True)
class VersionOffer:
    """A document uploaded with the name of an older one in the same folder."""

    new: Document
    existing: Document


def version_offers(*, owner: User) -> list[VersionOffer]:
    """Pairs the list page offers to join: for each name (case aside) found twice or more in
    one folder, the newest document as a new version of the one before it. A document the
    doctor chose to keep apart is never offered."""
    live = (
        current_documents(owner=owner)
        .filter(trashed_at__isnull=True, kept_apart=False)
        .select_related("folder")
        .order_by("created_at", "pk")
    )
    previous: dict[tuple[object, str], Document] = {}
    offers: dict[tuple[object, str], VersionOffer] = {}
    for document in live:
        key = (document.folder_id, document.display_name.casefold())
        if key in previous:
            offers[key] = VersionOffer(new=document, existing=previous[key])
        previous[key] = document
    return sorted(offers.values(), key=lambda offer: offer.new.display_name.casefold())


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _take_place(*, incoming: Document, outgoing: Document) -> None:
    """`incoming` becomes the current document, `outgoing` and its versions its versions.

    The one place where a document's current row (and so its id) changes: rows of other models
    that point at the document as a whole are moved here from `outgoing` to `incoming` (its
    shares: a colleague keeps reading the document, now its current version)."""
    now = timezone.now()
    Document.objects.filter(version_of=outgoing).update(version_of=incoming)
    shares_follow(outgoing=outgoing, incoming=incoming)
    for name in DOCUMENT_FIELDS:
        setattr(incoming, name, getattr(outgoing, name))
    incoming.version_of, incoming.superseded_at = None, None
    incoming.search_text = document_search_text(incoming)
    outgoing.version_of, outgoing.superseded_at = incoming, now
    # The old row first: a current row is never briefly the version of another current one.
    outgoing.save(update_fields=["version_of", "superseded_at", "updated_at"])
    incoming.full_clean()
    incoming.save(
        update_fields=[
            *DOCUMENT_FIELDS,
            "version_of",
            "superseded_at",
            "search_text",
            "expires_on",
            "expiry_reminder_sent_at",
            "updated_at",
        ]
    )


@transaction.atomic
def version_add(*, document: Document, existing: Document, ctx: AccessContext) -> Document:
    """Make the freshly uploaded `document` the new version of `existing`, a current document
    of the same owner. The new version keeps its own expiry date if it was given one (a renewed
    certificate), the document's otherwise."""
    document, existing = _locked(document), _locked(existing)
    if (
        document.pk == existing.pk
        or document.owner_id != existing.owner_id
        or not (document.is_current and existing.is_current)
        or document.is_trashed
        or existing.is_trashed
    ):
        raise ValidationError("Ce document ne peut pas devenir une nouvelle version.")
    if document.expires_on is None and existing.expires_on is not None:
        document.expires_on = existing.expires_on
        document.expiry_reminder_sent_at = existing.expiry_reminder_sent_at
    _take_place(incoming=document, outgoing=existing)
    access_log_record(
        owner=document.owner, action=AccessAction.VERSION_ADD, document=document, ctx=ctx
    )
    return document


@transaction.atomic
def version_restore(*, version: Document, ctx: AccessContext) -> Document:
    """Bring an earlier version back as the current one; the current one becomes a version
    (nothing is lost). The document keeps its name, folder, description and tags; the expiry
    date returns with the version's content."""
    version = _locked(version)
    head = version.version_of
    if head is None:
        raise ValidationError("Cette version est déjà la version actuelle.")
    head = _locked(head)
    if head.is_trashed:
        raise ValidationError("Restaurez d’abord ce document depuis la corbeille.")
    _take_place(incoming=version, outgoing=head)
    access_log_record(
        owner=version.owner, action=AccessAction.VERSION_RESTORE, document=version, ctx=ctx
    )
    return version


@transaction.atomic
def version_delete(*, version: Document, ctx: AccessContext) -> Document:
    """Delete one earlier version for good (frees its space); returns the current document."""
    version = _locked(version)
    head = version.version_of
    if head is None:
        raise ValidationError("La version actuelle ne peut pas être supprimée ainsi.")
    access_log_record(
        owner=version.owner,
        action=AccessAction.VERSION_DELETE,
        document=head,
        ctx=ctx,
    )
    version_row_delete(version)
    return head


@transaction.atomic
def document_keep_apart(*, document: Document) -> Document:
    """The doctor keeps this document beside the one of the same name: no more offer."""
    document.kept_apart = True
    document.save(update_fields=["kept_apart", "updated_at"])
    return document
