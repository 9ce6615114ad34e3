"""Template tags of the directory: a doctor's public entry, for their own space."""

from django import template

from directory.entries import PublicEntry
from directory.selectors import directory_entry_of as _directory_entry_of
from roll.models import Doctor

register = template.Library()


@register.simple_tag
def directory_entry_of(doctor: Doctor) -> PublicEntry:
    return _directory_entry_of(doctor=doctor)
