"""The two OAuth endpoints of Pro Santé Connect, as allauth's views with PSC's adapter.

The callback view is allauth's; only the login's state (its nonce) is handed to the adapter,
which checks the ID token and reads userinfo as JSON or as a signed JWT (`psc.tokens`).
"""

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from portal.settings.components.psc import PSC_PROVIDER_ID
from psc.tokens import PSCRefused, id_token_verify, userinfo_read

# Where the raw ID token waits for the logout's `id_token_hint` (the session, never the logs).
ID_TOKEN_STATE_KEY = "psc_id_token"  # noqa: S105 - a key name
PROVIDER_ID = PSC_PROVIDER_ID


class PSCOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # PSC authenticates the portal by client_secret_basic only.
    basic_auth = True

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, PROVIDER_ID)
        self.state: dict[str, Any] = {}

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        # The public address, as for payment returns: the same redirect_uri from every web
        # process, behind any proxy; it is the one registered at PSC.
        return settings.SITE_URL + reverse("psc_callback")

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        raw_id_token = kwargs["response"].get("id_token")
        if not raw_id_token:
            raise PSCRefused("no_id_token")
        config = self.openid_config
        id_claims = id_token_verify(
            raw_id_token,
            config=config,
            client_id=app.client_id,
            nonce=str(self.state.get("nonce") or ""),
        )
        userinfo = self._fetch_user_info(token.token)
        # OpenID Connect Core 5.3.2: userinfo must be about the person of the ID token.
        if str(userinfo.get("sub")) != str(id_claims["sub"]):
            raise PSCRefused("userinfo_subject")
        self.state[ID_TOKEN_STATE_KEY] = raw_id_token
        login: SocialLogin = self.get_provider().sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": id_claims}
        )
        return login

    def _fetch_user_info(self, access_token: str) -> dict[str, Any]:
        from allauth.socialaccount.adapter import get_adapter

        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url, headers={"Authorization": f"Bearer {access_token}"}
            )
            response.raise_for_status()
        return userinfo_read(
            content_type=response.headers.get("Content-Type", ""),
            body=response.content,
            config=self.openid_config,
            client_id=self.get_provider().app.client_id,
        )


class PSCCallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        # allauth pops the state from the session here (a replayed state finds none); the
        # adapter needs its nonce to check the ID token.
        state, response = super()._get_state(request, provider)
        if isinstance(self.adapter, PSCOAuth2Adapter) and state is not None:
            self.adapter.state = state
        return state, response


def _run(view_class: Any, request: HttpRequest) -> HttpResponse:
    try:
        response: HttpResponse = view_class.adapter_view(PSCOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404("Pro Santé Connect n’est pas configuré.") from error
    return response


@login_not_required
def login(request: HttpRequest) -> HttpResponse:
    return _run(OAuth2LoginView, request)


@login_not_required
def callback(request: HttpRequest) -> HttpResponse:
    return _run(PSCCallbackView, request)
