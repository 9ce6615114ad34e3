"""RP-initiated logout: leaving the portal also ends the Pro Santé Connect session."""

from typing import Any

from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from psc.views import ID_TOKEN_STATE_KEY, PROVIDER_ID, PSCOAuth2Adapter

# The last PSC ID token of this session, sent back as `id_token_hint` (never logged).
SESSION_KEY = "psc_id_token"


def id_token_keep(request: HttpRequest, signal_kwargs: dict[str, Any] | None) -> None:
    """After a PSC login, keep its ID token in the session for the logout."""
    sociallogin = (signal_kwargs or {}).get("sociallogin")
    if not isinstance(sociallogin, SocialLogin) or sociallogin.account.provider != PROVIDER_ID:
        return
    token = sociallogin.state.pop(ID_TOKEN_STATE_KEY, None)
    if token:
        request.session[SESSION_KEY] = token


def end_session_url(request: HttpRequest) -> str | None:
    """PSC's end-session address for this session, or None if it was not opened through PSC."""
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    try:
        endpoint = PSCOAuth2Adapter(request).openid_config.get("end_session_endpoint")
    except Exception:  # PSC unreachable: the portal's own logout still happens
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": token,
            "post_logout_redirect_uri": settings.PSC_POST_LOGOUT_REDIRECT_URL
            or settings.SITE_URL + reverse("home"),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
