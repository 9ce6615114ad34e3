"""Reads of the contact app: what prefills the form, what staff see."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.selectors import user_doctor
from contact.forms import MESSAGE_MAX_LENGTH
from contact.models import ContactRequest, Topic
from roll.data.geography import DEPARTMENT_CODES


def contact_initial(*, params: Mapping[str, str], user: User | AnonymousUser) -> dict[str, Any]:
    """The form's first values: the link's `sujet`, `departement` and `message`, then what the
    portal knows of a logged-in person (their email, and from their roll entry their name, RPPS
    and département). A link's département wins over the roll's: it names the council meant."""
    initial: dict[str, Any] = {}
    if isinstance(user, User):
        initial["email"] = user.email
        doctor = user_doctor(user=user)
        if doctor is not None:
            initial["nom"] = f"{doctor.first_name} {doctor.last_name}"
            initial["rpps"] = doctor.rpps
            initial["departement"] = doctor.department
    topic = params.get("sujet", "")
    if topic in Topic.values:
        initial["sujet"] = topic
    department = params.get("departement", "").strip().upper()
    if department in DEPARTMENT_CODES:
        initial["departement"] = department
    message = params.get("message", "")
    if message.strip():
        initial["message"] = message[:MESSAGE_MAX_LENGTH]
    return initial


def contact_request_for_reference(*, reference: str) -> ContactRequest | None:
    return ContactRequest.objects.select_related("council").filter(reference=reference).first()
