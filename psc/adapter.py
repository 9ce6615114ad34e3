"""allauth's social-account hooks for Pro Santé Connect (settings.SOCIALACCOUNT_ADAPTER).

`pre_social_login` decides where a PSC identity lands: its linked account, or (first login)
the roll entry of its RPPS, claimed in one step (`psc.services.psc_account_link`); every other
case is refused with a page saying why and whom to contact. `on_authentication_error` turns
allauth's and `psc.tokens`' failures into the same page. Each outcome is one security log line
(never a token).
"""

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.base.constants import AuthError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.services.claims import mask_rpps
from portal.ratelimit import client_ip
from psc.identity import identity_from
from psc.refusals import refusal_for, refusal_page
from psc.services import PSCLinkRefused, psc_account_link
from psc.tokens import PSCRefused
from psc.views import PROVIDER_ID

security_log = logging.getLogger("portal.security")


def _refuse(request: HttpRequest, reason: str, **context: Any) -> ImmediateHttpResponse:
    doctor = context.pop("doctor", None)
    details = " ".join(f"{key}={value}" for key, value in context.items())
    security_log.warning("psc refused reason=%s ip=%s %s", reason, client_ip(request), details)
    return ImmediateHttpResponse(refusal_page(request, refusal_for(reason=reason, doctor=doctor)))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.account.provider != PROVIDER_ID:
            return
        identity = identity_from(sociallogin.account.extra_data.get("userinfo") or {})
        rpps = mask_rpps(identity.rpps) if identity.rpps else "-"
        if sociallogin.is_existing:
            user = sociallogin.user
            assert isinstance(user, User)
            if user.doctor is not None and user.doctor.rpps != identity.rpps:
                raise _refuse(request, "other_entry", user=user.pk, rpps=rpps, doctor=user.doctor)
            security_log.info("psc login user=%s rpps=%s ip=%s", user.pk, rpps, client_ip(request))
            # Linking again from « Mes connexions » re-opens the session through PSC.
            if sociallogin.state.get("process") == AuthProcess.CONNECT:
                sociallogin.state["process"] = AuthProcess.LOGIN
            return
        current = request.user if request.user.is_authenticated else None
        assert current is None or isinstance(current, User)
        try:
            with transaction.atomic():
                user = psc_account_link(user=current, identity=identity)
                if current is None:
                    # A new account, its address already recorded by psc_account_link; no
                    # « account connected » email: the « compte rattaché » one says it all.
                    sociallogin.user = user
                    sociallogin.save(request, connect=True)
                else:
                    sociallogin.connect(request, user)
        except PSCLinkRefused as refused:
            raise _refuse(
                request,
                refused.reason,
                user=current.pk if current else "-",
                rpps=rpps,
                doctor=refused.doctor,
            ) from refused
        security_log.info(
            "psc first login user=%s rpps=%s ip=%s", user.pk, rpps, client_ip(request)
        )
        # The roll's names and specialty beside PSC's, with the change request to offer.
        sociallogin.state["next"] = reverse("psc_compare")
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            sociallogin.state["process"] = AuthProcess.LOGIN

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        if getattr(provider, "id", None) != PROVIDER_ID:
            return
        if isinstance(exception, PSCRefused):
            reason = exception.reason
        elif error == AuthError.CANCELLED:
            reason = "cancelled"
        elif exception is not None:
            reason = f"error:{type(exception).__name__}"
        else:
            # No state for this callback (replayed, expired or forged) or an error from PSC.
            reason = "no_state" if not (extra_context or {}).get("state") else "provider_error"
        raise _refuse(request, reason)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Accounts are created by pre_social_login for proven roll entries only: never an
        # unclaimed account from PSC through allauth's signup form.
        return False
