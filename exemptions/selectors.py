"""Reads of the exemption requests: the doctor's own (owner-scoped, 404 otherwise), staff's."""

from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from exemptions.models import ExemptionDocument, ExemptionRequest
from portal.access import owned_or_404


def exemption_request_list(*, user: User) -> QuerySet[ExemptionRequest]:
    """The user's own requests, newest first; nothing for an unclaimed account."""
    if user.doctor_id is None:
        return ExemptionRequest.objects.none()
    return (
        ExemptionRequest.objects.filter(call__doctor_id=user.doctor_id)
        .select_related("call__campaign", "council")
        .prefetch_related("documents")
        .order_by("-created_at", "-pk")
    )


def exemption_request_get(*, user: User, pk: int) -> ExemptionRequest:
    return owned_or_404(exemption_request_list(user=user), user_id=user.pk, pk=pk)


def exemption_request_open(*, call_id: int) -> ExemptionRequest | None:
    return ExemptionRequest.objects.filter(call_id=call_id, status="submitted").first()


def exemption_document_get(*, user: User, request_pk: int, pk: UUID) -> ExemptionDocument:
    documents = ExemptionDocument.objects.select_related("request").filter(
        request__call__doctor_id=user.doctor_id or 0, request_id=request_pk
    )
    return owned_or_404(documents, user_id=user.pk, pk=pk)
