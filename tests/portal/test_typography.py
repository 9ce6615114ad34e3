"""G2: the portal writes French typography: a non-breaking space before « : ; ? ! » and inside « ».

Every public page and every page of a claimed doctor's space is rendered and its text nodes
(not <script>, <style>, <code>, <pre>, <textarea>, attribute values) are read: an ordinary
space (or any HTML whitespace, which the browser shows as one) right before a high
punctuation mark or a closing guillemet, or right after an opening guillemet, fails the test,
naming the page and the text around it. Straight apostrophes are only counted and printed
(pytest -s): they are too many to fix at once.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from guides import assistant
from guides.loading import guides_load
from guides.models import Sheet, SheetStatus
from tests.auth_helpers import enable_totp, force_mfa_login, verified_user
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/medecins/",
    "/patients/",
    "/etudiants/",
    "/guides/",
    "/assistant/?q=cotisation",
    "/annuaire/?q=martin",
    "/conseils/",
    "/conseils/69/",
    "/contact/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/cookies/",
    "/plan-du-site/",
    "/compte/login/",
    "/compte/signup/",
]
DOCTOR_PAGES = [
    "/espace/",
    "/espace/cotisations/",
    "/espace/coffre/",
    "/espace/modifications/",
    "/espace/modifications/nouvelle/",
]
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea"}
# Whitespace the browser renders as an ordinary space, before « : ; ? ! » or », or after «.
# A colon between digits ("15:01") has no space before it, so it never matches.
BAD_SPACE = re.compile(r"[ \t\n\r\f]+[:;?!»]|«[ \t\n\r\f]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.texts


def spacing_faults(html: str) -> list[str]:
    faults = []
    for text in text_nodes(html):
        for match in BAD_SPACE.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            faults.append(" ".join(text[start:end].split()))
    return faults


def straight_apostrophes(html: str) -> int:
    return sum(text.count("'") for text in text_nodes(html))


def check(client: Client, urls: list[str]) -> list[str]:
    faults: list[str] = []
    apostrophes = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        html = response.content.decode()
        faults.extend(f"{url}: …{fault}…" for fault in spacing_faults(html))
        apostrophes += straight_apostrophes(html)
    print(f"straight apostrophes in text on {len(urls)} pages: {apostrophes}")
    return faults


@pytest.fixture
def shipped_content(db):
    guides_load()
    assistant._cached = None
    doctors = DoctorFactory.create_batch(3, last_name="Martin")
    yield doctors
    assistant._cached = None


def test_the_check_sees_ordinary_spaces_and_lets_good_text_through():
    bad = "<p>Nom : Durand ; vraiment ? oui ! « cité »</p>"
    good = "<p>Nom\u00a0: Durand\u00a0; vraiment\u00a0? oui\u00a0! «\u00a0cité\u00a0»</p>"
    ignored = (
        '<p title="Nom : x">À 15:01, voir https://exemple.test/?q=1</p>'
        "<script>var a = b ? c : d;</script><style>a :hover {}</style>"
    )

    assert len(spacing_faults(bad)) == 6
    assert spacing_faults(good) == []
    assert spacing_faults("<p>Nom&nbsp;: Durand</p>") == []
    assert spacing_faults(ignored) == []
    assert spacing_faults("<p>Nom\n  : Durand</p>") == ["Nom : Durand"]
    assert straight_apostrophes("<p>l'Ordre, l’Ordre</p><a href=\"?q='x'\">x</a>") == 1


def test_public_pages_use_non_breaking_spaces(client, shipped_content):
    sheet = Sheet.objects.filter(status=SheetStatus.PUBLISHED).select_related("guide").first()
    assert sheet is not None
    urls = [
        *PUBLIC_PAGES,
        f"/guides/{sheet.guide.slug}/",
        f"/guides/{sheet.guide.slug}/{sheet.slug}/",
        f"/annuaire/{shipped_content[0].rpps}/",
    ]

    faults = check(client, urls)

    assert not faults, "\n".join(faults)


def test_claim_start_uses_non_breaking_spaces(client):
    user = verified_user("sans-fiche@exemple-medecin.test")
    enable_totp(user)
    force_mfa_login(client, user)

    faults = check(client, ["/espace/rattacher/"])

    assert not faults, "\n".join(faults)


def test_doctor_space_uses_non_breaking_spaces(client):
    user = verified_user("typographie@exemple-medecin.test")
    user.doctor = DoctorFactory()
    user.save(update_fields=["doctor"])
    enable_totp(user)
    force_mfa_login(client, user)

    faults = check(client, DOCTOR_PAGES)

    assert not faults, "\n".join(faults)
