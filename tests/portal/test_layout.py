"""The page layout every template shares: landmarks, navigation, no inline code, French errors."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


PUBLIC_PAGES = [
    "home",
    "hub_medecins",
    "hub_patients",
    "hub_etudiants",
    "account_login",
    "account_signup",
    "account_reset_password",
]


class PageParser(HTMLParser):
    """Collects what the layout tests look at: tags with their attributes, and inline text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[dict[str, str]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self.labels_for: set[str] = set()
        self.texts_by_id: dict[str, list[str]] = {}
        self._open_ids: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script, self._script_text = attributes, []
        if tag == "label" and "for" in attributes:
            self.labels_for.add(attributes["for"])
        if "id" in attributes and tag not in {"input", "br", "img", "meta", "link"}:
            self._open_ids.append((tag, attributes["id"]))
            self.texts_by_id.setdefault(attributes["id"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "src" not in self._script and "".join(self._script_text).strip():
                self.inline_scripts.append(self._script)
            self._script = None
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        for _, open_id in self._open_ids:
            self.texts_by_id[open_id].append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        ]

    def text_of(self, element_id: str) -> str:
        return " ".join("".join(self.texts_by_id.get(element_id, [])).split())

    def hrefs(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.tags if tag == "a" and attrs.get("href")]


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_page_has_the_accessible_layout(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    page = parse(response)
    assert page.find("html", lang="fr")
    skip_links = page.find("a", href="#contenu", **{"class": "skip-link"})
    assert skip_links
    assert "Aller au contenu" in response.content.decode()
    assert page.find("main", id="contenu")
    assert page.find("nav", **{"aria-label": "Navigation principale"})
    assert page.find("header", **{"class": "site-header"})
    assert page.find("footer", **{"class": "site-footer"})
    assert page.find("div", role="status")
    assert page.find("link", rel="stylesheet", href="/static/css/portal.css")


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_page_has_no_inline_style_or_script(client, url_name):
    response = client.get(reverse(url_name))

    page = parse(response)
    assert not page.find("style")
    assert [tag for tag, attrs in page.tags if "style" in attrs] == []
    # allauth passes settings to its scripts in JSON data blocks, which browsers never run.
    runnable = [s for s in page.inline_scripts if s.get("type") != "application/json"]
    assert runnable == []
    assert not re.search(r"\son[a-z]+=", response.content.decode())


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_content_security_policy_forbids_inline_code(client, url_name):
    response = client.get(reverse(url_name))

    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy


@pytest.mark.parametrize("url_name", ["hub_medecins", "hub_patients", "hub_etudiants"])
def test_main_navigation_marks_the_current_section(client, url_name):
    page = parse(client.get(reverse(url_name)))

    current = page.find("a", **{"aria-current": "page"})
    assert [link["href"] for link in current] == [reverse(url_name)]
    for other in {"hub_medecins", "hub_patients", "hub_etudiants"} - {url_name}:
        links = page.find("a", href=reverse(other))
        assert links
        assert all("aria-current" not in link for link in links)


def test_home_marks_no_section_as_current(client):
    page = parse(client.get(reverse("home")))

    assert page.find("a", **{"aria-current": "page"}) == []


def test_anonymous_visitor_is_offered_to_log_in(client):
    response = client.get(reverse("home"))

    page = parse(response)
    assert page.find("a", href=reverse("account_login"))
    assert "Se déconnecter" not in response.content.decode()
    assert not page.find("form", action=reverse("account_logout"))


def test_logged_in_user_gets_space_link_and_logout_form(client):
    client.force_login(UserFactory.create(email="anne.durand@exemple.test"))

    response = client.get(reverse("hub_patients"))

    page = parse(response)
    assert page.find("a", href=reverse("doctor_space"))
    (logout_form,) = page.find("form", action=reverse("account_logout"))
    assert logout_form["method"] == "post"
    assert page.find("input", name="csrfmiddlewaretoken")
    assert "Se déconnecter" in response.content.decode()
    assert not page.find("a", href=reverse("account_login"))


def test_logout_button_logs_out(client):
    client.force_login(UserFactory.create(email="anne.durand@exemple.test"))

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_allauth_pages_use_the_portal_layout_in_french(client):
    response = client.get(reverse("account_login"))

    content = response.content.decode()
    assert "<title>" in content
    assert "— Ordre des médecins</title>" in " ".join(content.split())
    assert "Connexion" in content
    assert "Menu:" not in content


def test_login_form_fields_have_labels(client):
    page = parse(client.get(reverse("account_login")))

    visible = [
        attrs
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("type") not in {"hidden", "submit"}
    ]
    assert {attrs["name"] for attrs in visible} >= {"login", "password"}
    for attrs in visible:
        assert attrs["id"] in page.labels_for, attrs


def test_signup_errors_are_tied_to_their_field_in_french(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "pas-une-adresse", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )

    assert response.status_code == 200
    page = parse(response)
    (email_input,) = page.find("input", name="email")
    assert email_input["aria-invalid"] == "true"
    described_by = email_input["aria-describedby"].split()
    assert "id_email_error" in described_by
    assert page.text_of("id_email_error").startswith("Erreur :")
    assert page.find("div", role="alert", **{"class": "error-summary"})
    assert page.find("a", href="#id_email")
    (password_input,) = page.find("input", name="password1")
    assert "aria-invalid" not in password_input


def test_wrong_password_is_reported_as_an_error(client):
    UserFactory.create(email="anne.durand@exemple.test")

    response = client.post(
        reverse("account_login"),
        {"login": "anne.durand@exemple.test", "password": "pas-le-bon-mot-de-passe"},
    )

    assert response.status_code == 200
    page = parse(response)
    assert page.find("div", role="alert")
    assert "Erreur&nbsp;:" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_email_change_page_hides_its_pending_form_without_inline_style(client):
    user = UserFactory.create(email="anne.durand@exemple.test")
    EmailAddress.objects.create(user=user, email="nouvelle@exemple.test", verified=False)
    client.force_login(user)

    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    page = parse(response)
    (pending,) = page.find("form", id="pending-email")
    assert "hidden" in pending
    assert [tag for tag, attrs in page.tags if "style" in attrs] == []
    assert page.find("nav", **{"aria-label": "Mon compte"})
    assert page.find("a", href=reverse("account_email"), **{"aria-current": "page"})


def test_swagger_page_has_no_inline_style_or_script(client):
    response = client.get(reverse("api_docs"))

    assert response.status_code == 200
    page = parse(response)
    assert not page.find("style")
    assert page.inline_scripts == []
    assert page.find("link", rel="stylesheet", href="/static/css/swagger.css")
    scripts = page.find("script")
    assert scripts
    # The CSP allows this host only: anything from a CDN would be blocked.
    addresses = [s["src"] for s in scripts] + [link["href"] for link in page.find("link")]
    assert all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses


def test_not_found_page_is_in_french_within_the_layout(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    page = parse(response)
    assert page.find("html", lang="fr")
    assert page.find("main", id="contenu")
    assert page.find("a", href=reverse("hub_medecins"))


def test_permission_denied_page_is_in_french(rf: RequestFactory):
    request = rf.get("/admin/")
    request.user = UserFactory.create(email="anne.durand@exemple.test")

    response = permission_denied(request, exception=PermissionDenied())

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    # Django renders 500.html with an empty context: no request, no user, no messages.
    content = render_to_string("500.html")

    assert "erreur technique" in content
    assert 'lang="fr"' in content
    assert 'id="contenu"' in content
    assert "Se connecter" not in content
    assert "Se déconnecter" not in content
