"""Reads shared by the views, the API and the admin of the accounts app."""

from rest_framework.authtoken.models import Token

from accounts.auth_backends import MFA_ANNOTATION
from accounts.models import User
from roll.data.geography import DEPARTMENTS_BY_CODE
from roll.models import Doctor


def user_doctor(*, user: User) -> Doctor | None:
    """The roll entry linked to `user`, as the database holds it now.

    The request's user, loaded by accounts.auth_backends for this request, brings it along (no
    second query); any other user object may hold a relation cached long ago, so it is read
    again."""
    if user.doctor_id is None:
        return None
    if hasattr(user, MFA_ANNOTATION) and "doctor" in user._state.fields_cache:
        return user.doctor
    return Doctor.objects.filter(pk=user.doctor_id).first()


def api_token_get(*, user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


def department_label(*, code: str) -> str:
    """ "75 — Paris": the code alone means little to someone outside the council."""
    department = DEPARTMENTS_BY_CODE.get(code)
    return f"{code} — {department.name}" if department else code
