"""allauth's URLs, without its generic third-party account pages.

allauth mounts its socialaccount pages (connections, signup, login error) and every installed
provider's login whenever `allauth.socialaccount` is installed. The portal's one provider,
Pro Santé Connect, has its own pages instead (`psc`: its login under `/compte/psc/`, « Mes
connexions » under `/espace/connexions/`), and accounts are never created through allauth's
social signup form: those generic pages answer 404 whether or not PSC is configured.
allauth's URL names stay reversible.
"""

from allauth.socialaccount import app_settings as socialaccount_settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path


def no_third_party_accounts(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("Cette page n’existe pas sur le portail.")


# The socialaccount pages, their legacy redirects, and the generic OpenID Connect logins.
UNCONFIGURED_PREFIXES = ["3rdparty", "social", socialaccount_settings.OPENID_CONNECT_URL_PREFIX]


urlpatterns: list[URLPattern | URLResolver] = [
    re_path(rf"^{prefix}/", no_third_party_accounts) for prefix in UNCONFIGURED_PREFIXES if prefix
]
urlpatterns += [path("", include("allauth.urls"))]
