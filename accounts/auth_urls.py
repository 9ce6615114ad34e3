"""allauth's URLs, without the third-party account pages while no provider is configured.

allauth mounts its socialaccount pages (connections, signup, login error) and every installed
provider's login whenever `allauth.socialaccount` is installed. Until a provider is configured
(settings.SOCIALACCOUNT_PROVIDERS, e.g. Pro Santé Connect), those pages lead nowhere: they
answer 404 and the portal links to none of them. allauth's URL names stay reversible.
"""

from allauth.socialaccount import app_settings as socialaccount_settings
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path


def no_third_party_accounts(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("Aucun fournisseur d’identité n’est configuré.")


# The socialaccount pages, their legacy redirects, and the OpenID Connect logins ("oidc/").
UNCONFIGURED_PREFIXES = ["3rdparty", "social", socialaccount_settings.OPENID_CONNECT_URL_PREFIX]


urlpatterns: list[URLPattern | URLResolver] = []
if not settings.SOCIALACCOUNT_PROVIDERS:
    urlpatterns += [
        re_path(rf"^{prefix}/", no_third_party_accounts)
        for prefix in UNCONFIGURED_PREFIXES
        if prefix
    ]
urlpatterns += [path("", include("allauth.urls"))]
