"""No response sets a cookie that legal/cookies.py does not declare."""

import pytest
from django.contrib import messages
from django.urls import reverse

from legal.cookies import cookie_list, cookie_names, duration_label
from tests.auth_helpers import login_with_password
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db


class CookieJar:
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def record(self, response) -> None:
        self.seen.update(response.cookies.keys())


def test_every_cookie_set_across_the_portal_is_declared(client):
    jar = CookieJar()
    client_csrf = client
    client_csrf.handler.enforce_csrf_checks = False
    for path in (
        "/",
        reverse("hub_medecins"),
        reverse("guides:index"),
        reverse("guides:assistant"),
        reverse("directory_search"),
        reverse("legal:cookies"),
        reverse("account_login"),
        reverse("account_signup"),
        "/page-inexistante/",
    ):
        jar.record(client.get(path))
    # A POST form that fails, one that leaves a message, a login, pages of the space, logout.
    jar.record(client.post(reverse("account_login"), {"login": "x@y.test", "password": "faux"}))
    jar.record(client.post(reverse("guides:assistant_feedback"), {}))
    doctor = DoctorFactory.create()
    UserFactory.create(email="medecin@exemple.test", doctor=doctor)
    jar.record(login_with_password(client, "medecin@exemple.test"))
    for path in (reverse("doctor_space"), reverse("account_email"), "/espace/coffre/"):
        jar.record(client.get(path, follow=True))
    jar.record(client.post(reverse("account_logout")))

    assert jar.seen, "the walk should have set at least the session and CSRF cookies"
    assert jar.seen <= cookie_names(), f"Undeclared cookies: {sorted(jar.seen - cookie_names())}"


def test_messages_cookie_is_the_declared_one(rf):
    from django.contrib.messages.storage.cookie import CookieStorage

    assert CookieStorage.cookie_name in cookie_names()
    assert messages.constants.INFO  # the messages framework is the one in use


def test_names_follow_the_settings(settings):
    settings.SESSION_COOKIE_NAME = "__Secure-sessionid"
    settings.CSRF_COOKIE_NAME = "__Secure-csrftoken"
    assert {"__Secure-sessionid", "__Secure-csrftoken", "messages"} == cookie_names()
    assert len(cookie_list()) == 3


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (31449600, "1\u00a0an"),
        (12 * 3600, "12\u00a0heures"),
        (3600, "1\u00a0heure"),
        (30 * 60, "30\u00a0minutes"),
        (14 * 86400, "14\u00a0jours"),
    ],
)
def test_duration_labels(seconds, label):
    assert duration_label(seconds) == label
