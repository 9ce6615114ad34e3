"""The bare Django app bench/web.py measures the portal against, served the same way.

    gunicorn app:application --pythonpath bench/bare -c deploy/gunicorn_conf.py

Two views and nothing else: no database, no session, no template context processors.
`/hello/` answers a short text; `/page/` renders a 20 KB page from a template (a loop of
sections, autoescaped), the size of a portal page. The middleware is the security, common,
CSRF and clickjacking part of `startproject`'s list (the rest needs a database).
"""

import secrets

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

HERE = __file__.rsplit("/", 1)[0]

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(64),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE]},
    ],
    USE_TZ=True,
    LANGUAGE_CODE="fr",
)
django.setup()

SECTIONS = [
    {
        "title": f"Partie {n} : ce que dit le texte",
        "body": (
            "Le médecin conserve le dossier du patient pendant la durée recommandée, "
            "le protège contre tout accès non autorisé et n'y note que ce qui est utile "
            "à la prise en charge. "
        )
        * 2,
        "links": [f"/guides/exemple/fiche-{n}-{k}/" for k in range(3)],
    }
    for n in range(1, 26)
]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Bonjour", content_type="text/plain; charset=utf-8")


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "page.html", {"title": "Page de référence", "sections": SECTIONS})


urlpatterns = [path("hello/", hello), path("page/", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
