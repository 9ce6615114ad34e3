"""The patients' hub: the guides' sheets meant for patients, read through guides.selectors.

It lives here because the first-registration work also carries the patients' side (issue F5);
the hub view stays as it is and the template asks for what it shows.
"""

from typing import Any

from django import template

from guides.selectors import guide_list_public
from portal.models import Audience

register = template.Library()


@register.inclusion_tag("registrations/patients_sheets.html")
def patients_sheets() -> dict[str, Any]:
    guides = [g for g in guide_list_public() if Audience.PATIENTS in g.audiences]
    return {"guides": guides}
