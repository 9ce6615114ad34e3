"""`{% psc_configured as on %}`: whether the Pro Santé Connect button is shown."""

from django import template

from psc.selectors import psc_configured as _psc_configured

register = template.Library()


@register.simple_tag
def psc_configured() -> bool:
    return _psc_configured()
