"""Reads shared by the views, the admin and the doctor space."""

from django.db.models import QuerySet

from accounts.models import User
from portal.access import owned_or_404
from registrations.models import RegistrationDocument, RegistrationRequest, Specialty


def registration_for(*, user: User) -> RegistrationRequest | None:
    return (
        RegistrationRequest.objects.select_related("specialty").filter(user=user).first()
        if user.is_authenticated
        else None
    )


def registration_documents(*, registration: RegistrationRequest) -> QuerySet[RegistrationDocument]:
    return registration.documents.order_by("created_at")


def owned_document(*, user: User, document_id: object) -> RegistrationDocument:
    """A document of the user's own request, or 404."""
    return owned_or_404(
        RegistrationDocument.objects.filter(request__user=user).select_related("request"),
        user_id=user.pk,
        pk=document_id,
    )


def specialties_offered() -> QuerySet[Specialty]:
    return Specialty.objects.filter(is_active=True).order_by("name")
