"""Reads of the roll shared by the doctor's pages, the doctor space and the admin."""

from django.db.models import QuerySet

from accounts.models import User
from portal.access import owned_or_404
from roll.models import ChangeRequest, ChangeRequestDocument, ChangeStatus


def change_request_list(*, user: User) -> QuerySet[ChangeRequest]:
    """The change requests of the user's roll entry, newest first (none if not claimed)."""
    if user.doctor_id is None:
        return ChangeRequest.objects.none()
    return (
        ChangeRequest.objects.filter(doctor_id=user.doctor_id)
        .select_related("council", "document")
        .order_by("-created_at", "-pk")
    )


def change_request_open(*, user: User) -> ChangeRequest | None:
    return change_request_list(user=user).filter(status=ChangeStatus.PENDING).first()


def owned_change_request(*, user: User, pk: object) -> ChangeRequest:
    """A request of the user's own roll entry, or a logged 404."""
    return owned_or_404(change_request_list(user=user), user_id=user.pk, pk=pk)


def owned_change_document(*, user: User, request_pk: object) -> ChangeRequestDocument:
    """The supporting document of a request of the user's own roll entry, or a logged 404."""
    queryset = ChangeRequestDocument.objects.select_related("request")
    if user.doctor_id is None:
        queryset = queryset.none()
    else:
        queryset = queryset.filter(request__doctor_id=user.doctor_id)
    return owned_or_404(queryset, user_id=user.pk, request_id=request_pk)
