"""Reads of companies' dues: the calls a designated partner pays, from their space."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from cotisations.models import DuesCall, Payment, PaymentStatus
from portal.access import owned_or_404


def company_call_list(*, user: User) -> QuerySet[DuesCall]:
    """The calls of the companies the user pays for (as their designated partner), newest
    year first, with their received payments; nothing for an unclaimed account."""
    if user.doctor_id is None:
        return DuesCall.objects.none()
    received = Payment.objects.filter(status=PaymentStatus.SUCCEEDED).order_by("received_on", "pk")
    return (
        DuesCall.objects.filter(doctor_id=user.doctor_id, company__isnull=False)
        .select_related("campaign", "company", "doctor")
        .prefetch_related(Prefetch("payments", queryset=received, to_attr="received_payments"))
        .order_by("-campaign__year", "company__name")
    )


def company_call_get(*, user: User, call_id: int) -> DuesCall:
    """A company call the user pays; a logged 404 for anyone else, other partners included."""
    return owned_or_404(company_call_list(user=user), user_id=user.pk, pk=call_id)
