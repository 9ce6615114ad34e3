"""The « Aide du portail » guide, excerpts that keep their references whole, and « Non »."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from guides.assistant import ask
from guides.content_files import DEFAULT_CONTENT_DIR, read_content
from guides.models import AssistantFeedback, Sheet, SheetStatus
from guides.search import SearchIndex, SearchSettings, SheetSource, _shorten, split_sentences
from portal.urls import urlpatterns as portal_urlpatterns

PORTAL_SHEETS = {
    "payer-ma-cotisation",
    "attestation-et-recus",
    "coffre-fort",
    "double-authentification",
    "rattacher-mon-compte",
    "modifier-mes-informations",
    "supprimer-mon-compte-et-mes-donnees",
    "contacter-l-ordre",
}


def _contact_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("formulaire de contact")


# This module doubles as a URLconf in which `contact:form` resolves, as it will once the
# contact app is merged.
urlpatterns = [
    *(p for p in portal_urlpatterns if getattr(p, "app_name", "") != "contact"),
    path("", include(([path("contact/", _contact_form, name="form")], "contact"))),
]


def test_the_guide_ships_every_portal_sheet():
    guide = next(g for g in read_content(DEFAULT_CONTENT_DIR) if g.slug == "aide-du-portail")
    assert {sheet.slug for sheet in guide.sheets} >= PORTAL_SHEETS
    assert set(guide.audiences) == {"medecins", "etudiants"}
    vault = next(sheet for sheet in guide.sheets if sheet.slug == "coffre-fort")
    assert "ne voit jamais le contenu" in vault.body_markdown
    assert "noms et les tailles" in vault.body_markdown


@pytest.mark.django_db
def test_load_guides_publishes_the_portal_help_and_the_assistant_answers_from_it(client):
    call_command("load_guides", verbosity=0)
    published = Sheet.objects.filter(guide__slug="aide-du-portail", status=SheetStatus.PUBLISHED)
    assert set(published.values_list("slug", flat=True)) >= PORTAL_SHEETS
    answer = ask("j’ai perdu mon téléphone pour la double authentification")
    assert answer.results[0].sheet == "double-authentification"
    assert ask("comment payer en 3 fois").results[0].sheet == "payer-ma-cotisation"
    page = client.get("/guides/aide-du-portail/payer-ma-cotisation/")
    assert page.status_code == 200
    assert 'href="/conseils/"' in page.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Voir l’article R. 4127-45 du code. La suite.",
            ["Voir l’article R. 4127-45 du code.", "La suite."],
        ),
        ("Selon l’art. 9 du RGPD, non. Ensuite.", ["Selon l’art. 9 du RGPD, non.", "Ensuite."]),
        ("Article L. 1110-4 et D. 12. Fin.", ["Article L. 1110-4 et D. 12.", "Fin."]),
        ("Loi n°. 78 du code. Fin.", ["Loi n°. 78 du code.", "Fin."]),
        (
            "Écrivez à M. Dupont ou à Mme Durand. Fin.",
            ["Écrivez à M. Dupont ou à Mme Durand.", "Fin."],
        ),
        ("Le Dr. Martin répond. Puis le Pr. Roux.", ["Le Dr. Martin répond.", "Puis le Pr. Roux."]),
        (
            "Une phrase. Une autre ! Une question ? Oui.",
            ["Une phrase.", "Une autre !", "Une question ?", "Oui."],
        ),
    ],
)
def test_sentences_are_not_cut_after_an_abbreviation(text, expected):
    assert split_sentences(text) == expected


def test_an_excerpt_never_ends_on_an_abbreviation():
    assert (
        _shorten("Appliquez l’article R. 4127-45 du code de la santé", 24)
        == "Appliquez l’article …"
    )
    assert _shorten("La loi n° 78-17 du 6 janvier", 12) == "La loi …"


def test_the_excerpt_keeps_the_reference_with_its_number():
    source = SheetSource(
        guide="g",
        sheet="s",
        title="Fiche d’observation",
        summary="",
        body_markdown=(
            "## Observation\n\nLe médecin tient une fiche d’observation selon l’article R. "
            "4127-45 du code de la santé publique. Elle est personnelle."
        ),
    )
    index = SearchIndex([source], settings=SearchSettings(min_score=0.0))
    excerpt = index.search("fiche d’observation article").results[0].excerpt
    assert "l’article R. 4127-45 du code de la santé publique." in excerpt


@pytest.mark.django_db
def test_non_offers_the_contact_form_with_the_question(client, settings):
    settings.ROOT_URLCONF = __name__
    question = "Puis-je payer ma cotisation & mes frais en 4 fois ?"
    response = client.post(
        "/assistant/avis/",
        {"question": question, "sheet": "", "answered": "", "helpful": "non"},
    )
    assert response.status_code == 302
    assert AssistantFeedback.objects.get().helpful is False
    page = client.get(response["Location"]).content.decode()
    assert "Posez votre question à l’Ordre" in page
    href = next(
        part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("/contact/?")
    )
    params = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert params == {"sujet": ["autre"], "message": [question]}


@pytest.mark.django_db
def test_oui_offers_nothing_more(client):
    response = client.post(
        "/assistant/avis/",
        {"question": "Ma question", "sheet": "", "answered": "", "helpful": "oui"},
    )
    assert response["Location"] == "/assistant/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Posez votre question à l’Ordre" not in page.content.decode()
