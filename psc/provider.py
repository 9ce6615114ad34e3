"""allauth's OpenID Connect provider, made to speak Pro Santé Connect.

Registered with allauth as `prosanteconnect` (allauth loads `<app>.provider` of every
installed app). Over the generic provider: a nonce and `acr_values=eidas1` on every request,
PKCE S256 always, the scope of the settings only (no `?scope=`/`?auth_params=` from the
query string to weaken the request), no email taken from PSC, and the views of `psc.views`.
"""

import secrets
from typing import Any

from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from psc.tokens import REQUESTED_ACR
from psc.views import PROVIDER_ID, PSCOAuth2Adapter

PSC_PROVIDER_ID = PROVIDER_ID


class PSCProvider(OpenIDConnectProvider):
    id = PSC_PROVIDER_ID
    name = "Pro Santé Connect"
    oauth2_adapter_class = PSCOAuth2Adapter
    supports_token_authentication = False

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        url = reverse("psc_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("psc_callback")

    def get_default_scope(self) -> list[str]:
        return ["openid", "scope_all"]

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict[str, Any]:
        return self.get_auth_params()

    def get_pkce_params(self) -> dict[str, str]:
        return generate_code_challenge()

    def get_oauth2_adapter(self, request: HttpRequest) -> PSCOAuth2Adapter:
        return PSCOAuth2Adapter(request)

    def extract_email_addresses(self, data: dict[str, Any]) -> list[Any]:
        # PSC's email is not reliable: the account's address comes from the roll.
        return []

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        nonce = secrets.token_urlsafe(32)
        auth_params.update(nonce=nonce, acr_values=REQUESTED_ACR)
        # The nonce is kept in this login's state (the session), checked against the ID token.
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
        return response


provider_classes = [PSCProvider]
