"""Reads about Pro Santé Connect: whether it is configured, a user's link, this session's login."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.http import HttpRequest

from accounts.models import User
from psc.identity import PSCIdentity, identity_from
from psc.views import PROVIDER_ID


def psc_configured() -> bool:
    return PROVIDER_ID in settings.SOCIALACCOUNT_PROVIDERS


def psc_account_for(*, user: User) -> SocialAccount | None:
    return SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).first()


def psc_identity_of(*, account: SocialAccount) -> PSCIdentity:
    return identity_from(account.extra_data.get("userinfo") or {})


def session_used_psc(request: HttpRequest) -> bool:
    """Whether this session was opened (or re-confirmed) through Pro Santé Connect.

    Only a login whose ID token carried an acr of eidas1 or higher gets that far (psc.tokens),
    so such a session counts as strongly authenticated.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(
        record.get("method") == "socialaccount" and record.get("provider") == PROVIDER_ID
        for record in records
    )


def other_way_in(*, user: User) -> bool:
    """Whether the account can still be entered without PSC: a password or a passkey."""
    if user.has_usable_password():
        return True
    return any(
        authenticator.wrap().is_passwordless
        for authenticator in Authenticator.objects.filter(
            user=user, type=Authenticator.Type.WEBAUTHN
        )
    )
