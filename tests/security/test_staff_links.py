"""R1 #8: staff-entered links that pass as internal but that browsers read as another site.

Written from the attacker's side: each payload is a way to write "//evil.example" that a
naive "starts with one slash" check accepts. Browsers strip tabs and newlines anywhere in a
URL and read a backslash as a slash (WHATWG URL standard).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guides.rendering import sanitize
from portal.links import link_browser_form, link_is_internal
from portal.models import Audience, HubBlock, HubBlockKind
from tests.factories import HubBlockFactory

LEAVING = [
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r/evil.example/phish",
    "/\\evil.example/phish",
    "\\/evil.example/phish",
    " //evil.example/phish",
    "\t//evil.example/phish",
    "//evil.example/phish",
    "/\t\\evil.example/",
]


@pytest.mark.parametrize("url", LEAVING)
def test_a_browser_reads_each_payload_as_another_host(url):
    assert link_browser_form(url).startswith("//")
    assert not link_is_internal(url)


@pytest.mark.parametrize("url", ["/espace/", "/guides/rgpd/?a=1#x", "/"])
def test_ordinary_paths_stay_internal(url):
    assert link_is_internal(url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LEAVING)
def test_a_hub_link_that_leaves_the_portal_is_refused(url):
    block = HubBlockFactory.build(link_url=url)

    with pytest.raises(ValidationError) as raised:
        block.full_clean()

    assert "link_url" in raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://www.ameli.fr/\tx", "https://www.ameli.fr/\\x"])
def test_an_outside_link_with_controls_is_refused(url):
    block = HubBlockFactory.build(link_url=url)

    with pytest.raises(ValidationError):
        block.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("url", LEAVING[:4])
def test_a_stored_payload_is_not_shown(client, url):
    # Saved before the rule existed (clean() bypassed): the hub must not serve it.
    HubBlock.objects.create(
        audience=Audience.PATIENTS,
        kind=HubBlockKind.NAVIGATION,
        title="Lien piégé",
        link_url=url,
        link_label="Suivre le lien piégé",
        is_published=True,
    )

    content = client.get(reverse("hub_patients")).content.decode()

    assert "Suivre le lien piégé" not in content
    assert "evil.example" not in content


@pytest.mark.parametrize("url", LEAVING)
def test_a_sheet_link_that_leaves_in_disguise_loses_its_href(url):
    html = sanitize(f'<p><a href="{url}">voir la page</a></p>')

    assert "evil.example" not in html
    assert "voir la page" in html


def test_a_sheet_keeps_its_ordinary_links():
    html = sanitize('<a href="/guides/">guides</a> <a href="https://www.cnil.fr/">CNIL</a>')

    assert 'href="/guides/"' in html
    assert 'href="https://www.cnil.fr/"' in html
