"""The one authentication backend: allauth's, with the session's user loaded in one query.

Every logged-in request loads its user from the session. Django's backend reads the user row,
then the doctor pages read the roll entry and allauth asks whether the user has a second
factor: three round trips to the database before the page's own queries. Here the roll entry
comes in the same query (a join on a one-to-one) and the second-factor question is answered by
an `EXISTS` subquery, read by `accounts.adapters.MFAAdapter.is_mfa_enabled`
(docs/deployment.md, "Database round trips").
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef

from accounts.models import User

# Set on the users this backend loads: what `Authenticator` rows said when the request began.
MFA_ANNOTATION = "_portal_mfa_enabled"


class PortalAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = (
            User._default_manager.select_related("doctor")
            .annotate(
                **{MFA_ANNOTATION: Exists(Authenticator.objects.filter(user_id=OuterRef("pk")))}
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
