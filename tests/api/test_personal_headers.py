"""R1 #9: every personal response is uncacheable and every page limits browser features.

The URL list is the URLconf itself: every route that needs no argument, plus the routes of
the doctor's own objects, is fetched by a logged-in doctor (browser session) and with an API
token. A route added later is covered without editing this test.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portal.headers import PERMISSIONS_POLICY
from tests.api.conftest import Person

pytestmark = pytest.mark.django_db

# Routes that end the session or leave the portal: fetching them would change the test's state.
SKIPPED_PREFIXES = ("compte/logout", "admin/logout", "api/docs", "api/schema")


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL of the URLconf that takes no argument, as a path."""
    found: list[str] = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_routes(entry, route))
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groupindex:
            path = route.lstrip("^").rstrip("$").replace("\\Z", "")
            if "<" in path or "(" in path or any(path.startswith(p) for p in SKIPPED_PREFIXES):
                continue
            found.append("/" + path)
    return sorted(set(found))


def _own_object_urls(doctor: Person) -> list[str]:
    document = doctor.objects["document"].pk  # type: ignore[attr-defined]
    return [
        f"/espace/coffre/documents/{document}/",
        f"/espace/coffre/documents/{document}/telecharger/",
        f"/api/v1/vault/documents/{document}/",
        f"/api/v1/vault/documents/{document}/content",
    ]


def test_the_url_list_is_the_whole_urlconf():
    routes = _routes()
    # A sample of what the walk must find, from each app, so a broken walk cannot pass.
    for expected in ("/espace/", "/espace/coffre/", "/espace/cotisations/", "/api/v1/me/"):
        assert expected in routes


def test_every_response_to_a_logged_in_doctor_is_not_stored(people):
    doctor = people["medecin_a"]
    checked = 0
    for url in [*_routes(), *_own_object_urls(doctor)]:
        for channel, client in (("web", doctor.web), ("api", doctor.api)):
            response = client.get(url)
            if response.status_code >= 500:
                pytest.fail(f"{channel} GET {url} answered {response.status_code}")
            cache_control = response.get("Cache-Control", "")
            assert "no-store" in cache_control, f"{channel} GET {url}: {cache_control!r}"
            assert response["Permissions-Policy"] == PERMISSIONS_POLICY, f"{channel} GET {url}"
            checked += 1
    assert checked > 40


def test_public_pages_limit_features_and_stay_cacheable(client):
    for url in ("/", "/medecins/", "/guides/", "/annuaire/"):
        response = client.get(url)

        assert response.status_code == 200
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        assert "no-store" not in response.get("Cache-Control", "")


def test_passkeys_stay_allowed_on_the_portal_and_sensors_are_off():
    policy = dict(part.split("=", 1) for part in PERMISSIONS_POLICY.split(", "))

    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert policy[feature] == "()"
