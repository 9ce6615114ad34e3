"""Reads shared by views, API, admin and tasks. Every lookup is scoped to its owner."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from portal.access import owned_or_404
from vault.models import AccessLogEntry, Document, Folder
from vault.search import DocumentFilters, documents_filter

SORTS = {
    "nom": ("display_name",),
    "-nom": ("-display_name",),
    "date": ("created_at",),
    "-date": ("-created_at",),
    "taille": ("size",),
    "-taille": ("-size",),
    "expiration": ("expires_on",),
}
DEFAULT_SORT = "nom"


@dataclass(frozen=True)
class Usage:
    used: int
    quota: int

    @property
    def free(self) -> int:
        return max(0, self.quota - self.used)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.quota)) if self.quota else 100


@dataclass(frozen=True)
class VaultTotals:
    kept: int
    trashed: int
    usage: Usage


def vault_totals(*, owner: User) -> VaultTotals:
    """Documents kept and in the trash, and the storage used (earlier versions included), in
    one query."""
    current = Q(version_of__isnull=True)
    totals = Document.objects.filter(owner=owner).aggregate(
        used=Sum("size"),
        kept=Count("pk", filter=current & Q(trashed_at__isnull=True)),
        trashed=Count("pk", filter=current & Q(trashed_at__isnull=False)),
    )
    return VaultTotals(
        kept=totals["kept"],
        trashed=totals["trashed"],
        usage=Usage(used=totals["used"] or 0, quota=settings.VAULT_QUOTA_BYTES),
    )


def vault_usage(*, owner: User) -> Usage:
    # Documents in the trash and earlier versions still occupy storage, so they count until
    # purged.
    used = Document.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"] or 0
    return Usage(used=used, quota=settings.VAULT_QUOTA_BYTES)


def document_list(
    *,
    owner: User,
    trashed: bool = False,
    folder: Folder | None = None,
    search: str = "",
    sort: str = DEFAULT_SORT,
    filters: DocumentFilters | None = None,
) -> QuerySet[Document]:
    """The owner's current documents (earlier versions are listed on each document's page),
    narrowed by `filters` (`vault.search`); `folder` and `search` are the short form."""
    qs = current_documents(owner=owner).filter(trashed_at__isnull=not trashed)
    if filters is None:
        filters = DocumentFilters(query=search, folder=folder)
    qs = documents_filter(qs, filters, today=timezone.localdate())
    return qs.select_related("folder").order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]), "pk")


def document_get(*, owner: User, document_id: object, trashed: bool | None = False) -> Document:
    """The owner's document, or 404 (another doctor's id looks like a missing one, and so does
    an earlier version's: `vault.versions.version_get` reaches those)."""
    qs = current_documents(owner=owner)
    if trashed is not None:
        qs = qs.filter(trashed_at__isnull=not trashed)
    return owned_or_404(qs.select_related("folder"), user_id=owner.pk, pk=document_id)


def current_documents(*, owner: User) -> QuerySet[Document]:
    return Document.objects.filter(owner=owner, version_of__isnull=True)


def folder_list(*, owner: User) -> QuerySet[Folder]:
    return Folder.objects.filter(owner=owner).order_by("name")


def folder_get(*, owner: User, folder_id: object) -> Folder:
    return owned_or_404(Folder.objects.filter(owner=owner), user_id=owner.pk, pk=folder_id)


def access_log_list(*, owner: User) -> QuerySet[AccessLogEntry]:
    # A colleague acting through a share is shown by name (vault.sharing), not by address.
    return AccessLogEntry.objects.filter(owner=owner).select_related("actor__doctor")


def documents_for_export(*, owner: User) -> QuerySet[Document]:
    return (
        current_documents(owner=owner)
        .filter(trashed_at__isnull=True)
        .select_related("folder")
        .order_by("folder__name", "display_name", "pk")
    )


def documents_expiring(*, on_or_before: datetime.date) -> QuerySet[Document]:
    """Live documents reaching expiry by that date whose reminder has not gone out."""
    return Document.objects.filter(
        Q(expires_on__isnull=False, expires_on__lte=on_or_before),
        trashed_at__isnull=True,
        expiry_reminder_sent_at__isnull=True,
        version_of__isnull=True,
    ).select_related("owner")
