"""G1: every internal link a person can follow answers, anonymous and as a doctor.

The crawl starts from the home page and the three hubs, reads every <a href> that stays on
the portal, and follows them breadth first (redirects too). Any 4xx or 5xx fails, naming
the page the link was found on. The admin, the API, static files and the few links that end
or change the session are left out; so are pages already seen with other query strings past
a few variants (a search result page links to many more searches).
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from roll.models import Doctor
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db

STARTS = ["/", "/medecins/", "/patients/", "/etudiants/"]
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/compte/logout/", "/media/")
VARIANTS_PER_PATH = 3
MAX_PAGES = 600


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _ = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(url)
    if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client) -> tuple[int, list[str]]:
    seen: set[str] = set()
    variants: dict[str, int] = {}
    queue = deque((url, "(start)") for url in STARTS)
    broken: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, found_on = queue.popleft()
        if url in seen:
            continue
        path = url.split("?", 1)[0]
        if "?" in url:
            variants[path] = variants.get(path, 0) + 1
            if variants[path] > VARIANTS_PER_PATH:
                continue
        seen.add(url)
        visited += 1
        response = client.get(url)
        if response.status_code >= 400:
            broken.append(f"{url} answered {response.status_code} (linked from {found_on})")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = _internal(path, response["Location"])
            if target:
                queue.append((target, url))
            continue
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _internal(path, href)
            if target and target not in seen:
                queue.append((target, url))
    return visited, broken


@pytest.fixture
def shipped_content(shipped_guides):
    DoctorFactory.create_batch(3, last_name="Martin")


def test_anonymous_crawl_finds_no_broken_link(client, shipped_content):
    visited, broken = crawl(client)

    assert not broken, "\n".join(broken)
    assert visited > 80  # the guides, sheets, councils and legal pages were reached


def test_doctor_crawl_finds_no_broken_link(shipped_content):
    user = UserFactory.create(email="crawler@exemple-medecin.test")
    user.doctor = Doctor.objects.first()
    user.save(update_fields=["doctor"])
    enable_totp(user)
    client = Client()
    force_mfa_login(client, user)

    visited, broken = crawl(client)

    assert not broken, "\n".join(broken)
    assert visited > 80
    assert client.get("/espace/").status_code == 200  # still logged in: the crawl kept the session
