"""Owner-scoped lookups that leave a trace when they fail.

Another user's id is answered exactly like a missing one (404), so that ids reveal nothing;
but a denied attempt must not be silent either: each miss is logged on `portal.access`
(model, id and the user who asked; never any content) for the security team to follow up.
"""

import logging
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

logger = logging.getLogger("portal.access")

M = TypeVar("M", bound=Model)


def owned_or_404(queryset: QuerySet[M], *, user_id: object, **lookup: Any) -> M:
    """The object of `queryset` (already scoped to its owner) matching `lookup` (its pk, or
    another identifier it is addressed by), or a logged 404."""
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist:
        logger.warning(
            "Owner-scoped lookup refused: %s %s asked by user %s",
            queryset.model._meta.label,
            " ".join(str(value) for value in lookup.values()),
            user_id,
        )
        raise Http404 from None
