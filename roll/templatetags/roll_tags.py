"""Template tags of the roll: a doctor's latest change requests, for their own space."""

from django import template

from accounts.models import User
from roll import display
from roll.models import ChangeRequest, Doctor
from roll.selectors import change_request_list

register = template.Library()

SHOWN_IN_SPACE = 3


@register.simple_tag
def change_requests_of(user: User) -> list[ChangeRequest]:
    # The space shows each request's date, status and refusal reason: no council, no document.
    return list(change_request_list(user=user).select_related(None)[:SHOWN_IN_SPACE])


@register.filter
def status_label(doctor: Doctor) -> str:
    """`{{ doctor|status_label }}`: "Radiée" for Mme, "Radié" for M."""
    return display.status_label(doctor)
