"""Reads of the privacy app: a person's exports and closures, always scoped to their owner."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from appregister.models import BodyMembership, Publisher
from portal.access import owned_or_404
from privacy.models import AccountClosure, ClosureStatus, DataExport, ExportStatus


def export_latest(*, user: User) -> DataExport | None:
    """The export the page shows: the one in progress, or the last one not expired."""
    now = timezone.now()
    return (
        DataExport.objects.filter(user=user)
        .exclude(status=ExportStatus.READY, expires_at__lte=now)
        .order_by("-requested_at")
        .first()
    )


def exports_downloadable(*, user: User) -> QuerySet[DataExport]:
    return DataExport.objects.filter(
        user=user, status=ExportStatus.READY, expires_at__gt=timezone.now()
    ).select_related("user")


def export_downloadable_get(*, user: User, export_id: object) -> DataExport:
    """The user's own ready export, not expired; a logged 404 for anything else."""
    return owned_or_404(exports_downloadable(user=user), user_id=user.pk, pk=export_id)


def closure_pending_for(*, user_id: int) -> AccountClosure | None:
    """The closure a person who just proved their password may still undo."""
    return (
        AccountClosure.objects.filter(
            user_id=user_id, status=ClosureStatus.CLOSED, purge_after__gt=timezone.now()
        )
        .select_related("user")
        .first()
    )


def closure_pending_for_id(*, closure_id: int) -> AccountClosure | None:
    return (
        AccountClosure.objects.filter(
            pk=closure_id, status=ClosureStatus.CLOSED, purge_after__gt=timezone.now()
        )
        .select_related("user")
        .first()
    )


def documents_offered(*, user: User) -> tuple[bool, bool]:
    """Whether the export may bring in documents the person uploaded (besides receipts and
    registration pieces, always in): the vault's (a doctor), the label evidence (a publisher)."""
    return user.is_claimed_doctor, Publisher.objects.filter(user=user).exists()


def is_assessor(*, user: User) -> bool:
    return BodyMembership.objects.filter(user=user).exists()
