"""The home page's three entries and the hubs whose blocks staff edit in the admin."""

import importlib
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from portal import views
from portal.models import Audience, HubBlock, HubBlockKind
from tests.factories import HubBlockFactory, UserFactory
from tests.portal.test_layout import PageParser, parse

pytestmark = pytest.mark.django_db

HUBS = ["hub_medecins", "hub_patients", "hub_etudiants"]
default_blocks = importlib.import_module("portal.migrations.0002_default_hub_blocks")


def internal_links(page: PageParser) -> list[str]:
    return [
        href
        for href in page.hrefs()
        if not href.startswith("#") and not href.startswith(("https://", "mailto:"))
    ]


def assert_link_leads_to_a_page(client, href: str) -> None:
    response = client.get(href)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path == reverse("account_login"), href
    else:
        assert response.status_code == 200, href


# ---- Home ------------------------------------------------------------------------------


def test_home_presents_the_three_entries(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    page = parse(response)
    entries = page.find("a", **{"class": "card__link"})
    assert [entry["href"] for entry in entries] == ["/medecins/", "/patients/", "/etudiants/"]
    content = " ".join(response.content.decode().split())
    for label in ("Médecins", "Patients", "Étudiants et internes"):
        assert f">{label}</a></h2>" in content
    assert "Votre espace personnel" in content
    assert "vos droits de patient" in content
    assert "première inscription au tableau" in content


def test_home_entries_answer(client):
    page = parse(client.get(reverse("home")))

    for entry in page.find("a", **{"class": "card__link"}):
        assert client.get(entry["href"]).status_code == 200


@pytest.mark.parametrize("url_name", ["home", *HUBS])
def test_no_link_on_home_or_hubs_leads_to_an_empty_page(client, url_name):
    page = parse(client.get(reverse(url_name)))

    links = internal_links(page)
    assert links
    for href in sorted(set(links)):
        assert_link_leads_to_a_page(client, href)
    for fragment in {href[1:] for href in page.hrefs() if href.startswith("#")}:
        assert any(attrs.get("id") == fragment for _, attrs in page.tags), fragment


# ---- Hubs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "label"),
    [
        ("hub_medecins", "Médecins"),
        ("hub_patients", "Patients"),
        ("hub_etudiants", "Étudiants et internes"),
    ],
)
def test_each_hub_answers_with_its_introduction(client, url_name, label):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{label}</h1>" in content
    assert 'class="hub-intro"' in content


def test_unknown_audience_is_not_found():
    request = RequestFactory().get("/inconnus/")

    with pytest.raises(Http404):
        views.hub(request, audience="inconnus")


def test_initial_blocks_give_doctors_their_links(client):
    response = client.get(reverse("hub_medecins"))

    page = parse(response)
    cards = page.find("a", **{"class": "card__link card__cta"})
    hrefs = [card["href"] for card in cards]
    # Other apps add their own links (dues, vault, guides…); the space comes first.
    assert hrefs[0] == reverse("doctor_space")
    assert reverse("account_signup") in hrefs
    assert '<h3 class="card__title">Mon espace</h3>' in response.content.decode()


def test_hub_shows_only_published_blocks_in_position_order(client):
    HubBlock.objects.filter(audience=Audience.PATIENTS).delete()
    HubBlockFactory(title="Troisième", link_label="Lien trois", position=30)
    HubBlockFactory(title="Premier", link_label="Lien un", position=10)
    HubBlockFactory(title="Brouillon", link_label="Lien brouillon", position=5, is_published=False)
    HubBlockFactory(title="Deuxième", link_label="Lien deux", position=20)
    HubBlockFactory(audience=Audience.STUDENTS, title="Autre rubrique", position=1)

    content = client.get(reverse("hub_patients")).content.decode()

    assert "Brouillon" not in content
    assert "Lien brouillon" not in content
    assert "Autre rubrique" not in content
    positions = [content.index(title) for title in ("Premier", "Deuxième", "Troisième")]
    assert positions == sorted(positions)


def test_unpublished_introduction_is_hidden_and_default_shown(client):
    HubBlock.objects.filter(audience=Audience.PATIENTS).delete()
    HubBlockFactory(
        kind=HubBlockKind.INTRODUCTION,
        title="Introduction en préparation",
        body="Pas encore relue.",
        link_url="",
        link_label="",
        is_published=False,
    )

    response = client.get(reverse("hub_patients"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Introduction en préparation" not in content
    assert "Vous êtes patient" in content
    assert 'class="hub-nav"' not in content


def test_hub_without_any_block_still_introduces_itself(client):
    HubBlock.objects.all().delete()

    for url_name in HUBS:
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert 'id="intro-default"' in response.content.decode()


def test_published_introduction_replaces_the_default(client):
    HubBlock.objects.filter(audience=Audience.STUDENTS).delete()
    HubBlockFactory(
        audience=Audience.STUDENTS,
        kind=HubBlockKind.INTRODUCTION,
        title="Bienvenue aux internes",
        body="Premier paragraphe.",
        link_url="",
        link_label="",
    )

    content = client.get(reverse("hub_etudiants")).content.decode()

    assert "Bienvenue aux internes" in content
    assert 'id="intro-default"' not in content


def test_block_body_is_escaped_and_keeps_its_paragraphs(client):
    HubBlock.objects.filter(audience=Audience.PATIENTS, kind=HubBlockKind.INTRODUCTION).delete()
    HubBlockFactory(
        kind=HubBlockKind.INTRODUCTION,
        title="Introduction",
        body='<script>alert("x")</script> Premier.\n\nSecond paragraphe.',
        link_url="",
        link_label="",
    )

    content = client.get(reverse("hub_patients")).content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content
    assert "<p>Second paragraphe.</p>" in content


def test_link_that_stopped_resolving_is_not_shown(client):
    # Saved while the page existed; the page has since been removed (clean() is bypassed here).
    HubBlock.objects.create(
        audience=Audience.PATIENTS,
        kind=HubBlockKind.NAVIGATION,
        title="Page supprimée",
        link_url="/annuaire-ancien/",
        link_label="Consulter l’ancien annuaire",
        is_published=True,
    )

    content = client.get(reverse("hub_patients")).content.decode()

    assert "Page supprimée" not in content
    assert "/annuaire-ancien/" not in content


def test_external_link_is_marked_as_such(client):
    HubBlockFactory(link_url="https://www.ameli.fr/", link_label="Consulter ameli.fr")

    page = parse(client.get(reverse("hub_patients")))

    (link,) = page.find("a", href="https://www.ameli.fr/")
    assert link["rel"] == "noopener"
    content = " ".join(client.get(reverse("hub_patients")).content.decode().split())
    assert 'Consulter ameli.fr <span class="external">(site externe)</span>' in content


# ---- The doctors' call to action --------------------------------------------------------


def test_doctors_hub_invites_visitor_to_log_in_or_sign_up(client):
    page = parse(client.get(reverse("hub_medecins")))

    login = f"{reverse('account_login')}?next={reverse('doctor_space')}"
    assert page.find("a", href=login, **{"class": "button button--primary"})
    assert page.find("a", href=reverse("account_signup"), **{"class": "button button--secondary"})
    space_buttons = [
        link
        for link in page.find("a", href=reverse("doctor_space"))
        if "button" in link.get("class", "")
    ]
    assert space_buttons == []


def test_doctors_hub_sends_logged_in_user_to_their_space(client):
    client.force_login(UserFactory.create(email="anne.durand@exemple.test"))

    response = client.get(reverse("hub_medecins"))

    page = parse(response)
    assert page.find("a", href=reverse("doctor_space"), **{"class": "button button--primary"})
    assert "Aller à mon espace" in response.content.decode()
    login = f"{reverse('account_login')}?next={reverse('doctor_space')}"
    assert not page.find("a", href=login)


def test_other_hubs_have_no_doctor_call_to_action(client):
    for url_name in ("hub_patients", "hub_etudiants"):
        assert 'id="cta-title"' not in client.get(reverse(url_name)).content.decode()


# ---- Validation of blocks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("link_url", "expected"),
    [
        ("/page-qui-n-existe-pas/", "Aucune page du portail ne correspond à l’adresse « /page-"),
        ("/medecins/guides/inexistant/", "Aucune page du portail ne correspond"),
        ("http://www.ordre.medecin.fr/", "commençant par « https:// »"),
        ("//autre-site.example/", "commençant par « / »"),
        ("javascript:alert(1)", "commençant par « / »"),
        ("espace/", "commençant par « / »"),
    ],
)
def test_navigation_link_that_leads_nowhere_is_refused_in_french(link_url, expected):
    block = HubBlockFactory.build(link_url=link_url)

    with pytest.raises(ValidationError) as caught:
        block.full_clean()

    (message,) = caught.value.message_dict["link_url"]
    assert expected in message


@pytest.mark.parametrize(
    "link_url",
    ["/", "/espace/", "/compte/login/?next=/espace/", "https://www.ordre.medecin.fr/"],
)
def test_navigation_link_to_an_existing_page_is_accepted(link_url):
    block = HubBlockFactory.build(link_url=link_url)

    block.full_clean()


def test_navigation_block_needs_a_link_and_its_label():
    block = HubBlockFactory.build(link_url="", link_label="  ")

    with pytest.raises(ValidationError) as caught:
        block.full_clean()

    assert set(caught.value.message_dict) == {"link_url", "link_label"}
    assert caught.value.message_dict["link_url"] == [
        "Indiquez l’adresse de la page vers laquelle mène ce lien."
    ]


def test_introduction_has_a_text_and_no_link():
    block = HubBlockFactory.build(kind=HubBlockKind.INTRODUCTION, body="", link_url="/")

    with pytest.raises(ValidationError) as caught:
        block.full_clean()

    assert set(caught.value.message_dict) == {"body", "link_url", "link_label"}


def test_database_refuses_a_navigation_block_without_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        HubBlock.objects.create(
            audience=Audience.DOCTORS,
            kind=HubBlockKind.NAVIGATION,
            title="Sans lien",
            link_url="",
            link_label="",
        )


def test_database_refuses_an_unknown_audience():
    with pytest.raises(IntegrityError), transaction.atomic():
        HubBlock.objects.create(
            audience="journalistes",
            kind=HubBlockKind.INTRODUCTION,
            title="Presse",
            body="Texte",
        )


# ---- The data migration -------------------------------------------------------------------


def test_initial_blocks_exist_and_are_valid():
    blocks = list(HubBlock.objects.all())

    assert {block.audience for block in blocks} == set(Audience.values)
    for audience in Audience.values:
        intros = [b for b in blocks if b.audience == audience and b.kind == "introduction"]
        assert len(intros) == 1
    for block in blocks:
        block.full_clean()
        assert block.is_published


def test_initial_blocks_migration_can_run_again_without_duplicates():
    before = HubBlock.objects.count()
    renamed = HubBlock.objects.get(audience=Audience.DOCTORS, link_url="/espace/")
    renamed.title = "Accéder à mon espace personnel"
    renamed.is_published = False
    renamed.save()

    default_blocks.create_default_blocks(apps, None)

    assert HubBlock.objects.count() == before
    renamed.refresh_from_db()
    assert renamed.title == "Accéder à mon espace personnel"
    assert not renamed.is_published


def test_initial_blocks_migration_restores_missing_blocks_only():
    HubBlock.objects.filter(audience=Audience.STUDENTS).delete()
    others = HubBlock.objects.exclude(audience=Audience.STUDENTS).count()

    default_blocks.create_default_blocks(apps, None)

    assert HubBlock.objects.exclude(audience=Audience.STUDENTS).count() == others
    assert HubBlock.objects.filter(audience=Audience.STUDENTS).count() == 3
