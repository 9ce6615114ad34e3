"""The assistant's page and API: answers, no answer, bad questions, feedback, limits."""

from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse

from guides.models import AssistantFeedback, UnansweredQuestion

pytestmark = pytest.mark.django_db

API = "/api/v1/assistant/"


def test_api_answers_in_the_documented_shape(client, loaded):
    response = client.get(API, {"q": "Puis-je envoyer un compte rendu par mail ?"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"answered", "results"}
    assert data["answered"] is True
    assert 1 <= len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) == {"guide", "sheet", "title", "url", "excerpt", "score"}
    assert (first["guide"], first["sheet"]) == ("cabinet", "messagerie")
    assert first["url"] == "/guides/cabinet/messagerie/#le-courriel-ordinaire"
    assert "compte rendu" in first["excerpt"]
    assert isinstance(first["score"], float)
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_synonyms_from_admin_apply_at_once(client, loaded):
    from guides import services
    from guides.models import Synonym

    question = {"q": "mon ordiphone a disparu"}
    assert client.get(API, question).json()["answered"] is False
    services.synonym_save(synonym=Synonym(term="verrouillage", equivalents="ordiphone"))
    data = client.get(API, question).json()
    assert data["answered"] is True
    assert data["results"][0]["sheet"] == "telephones"


@pytest.mark.parametrize("question", ["", "   ", None], ids=["empty", "blank", "missing"])
def test_api_refuses_empty_questions(client, loaded, question):
    params = {} if question is None else {"q": question}
    response = client.get(API, params)
    assert response.status_code == 400
    assert "question" in response.json()["detail"]


def test_api_refuses_questions_over_1000_characters(client, loaded):
    response = client.get(API, {"q": "messagerie " * 100})
    assert response.status_code == 400
    assert "1000" in response.json()["detail"]
    assert client.get(API, {"q": ("messagerie " * 91).strip()}).status_code == 200


@pytest.mark.parametrize("question", ["xqzjw plorf vrumb", "???!!!", "le la les de"])
def test_nonsense_gets_no_answer(client, loaded, question):
    data = client.get(API, {"q": question}).json()
    assert data == {"answered": False, "results": []}


def test_unanswered_questions_reach_staff_with_counts(client, loaded):
    client.get(API, {"q": "xqzjw plorf vrumb"})
    client.get(reverse("guides:assistant"), {"q": "XQZJW plorf  vrumb"})
    client.get(API, {"q": "???"})  # nothing to learn from: not kept
    assert list(UnansweredQuestion.objects.values_list("text", "count")) == [
        ("xqzjw plorf vrumb", 2)
    ]


def test_page_shows_results_with_section_links(client, loaded):
    response = client.get(reverse("guides:assistant"), {"q": "téléphone volé"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/guides/cabinet/telephones/#verrouiller-lappareil"' in html
    assert "Cette réponse vous a-t-elle aidé&nbsp;?" in html


def test_page_says_plainly_when_nothing_matches(client, loaded):
    html = client.get(reverse("guides:assistant"), {"q": "xqzjw plorf"}).content.decode()
    assert "Nous n’avons pas trouvé de réponse sûre" in html
    assert "conseil départemental" in html
    assert "Cette réponse vous a-t-elle aidé&nbsp;?" in html


def test_page_explains_bad_questions_next_to_the_field(client, loaded):
    html = client.get(reverse("guides:assistant"), {"q": "x" * 1001}).content.decode()
    assert "trop longue" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="' in html
    html = client.get(reverse("guides:assistant"), {"q": ""}).content.decode()
    assert "Écrivez votre question" in html


def test_page_without_question_shows_the_form(client):
    response = client.get(reverse("guides:assistant"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_feedback_is_stored(client, loaded):
    response = client.post(
        reverse("guides:assistant_feedback"),
        {
            "question": "messagerie",
            "sheet": "cabinet/messagerie",
            "answered": "True",
            "helpful": "oui",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("guides:assistant_feedback"),
        {"question": "xqz", "sheet": "", "answered": "", "helpful": "non"},
    )
    first, second = AssistantFeedback.objects.order_by("created_at", "pk")
    assert (first.helpful, first.sheet, first.answered) == (
        True,
        loaded["cabinet/messagerie"],
        True,
    )
    assert (second.helpful, second.sheet, second.answered) == (False, None, False)


def test_feedback_without_choice_is_not_stored(client, loaded):
    client.post(reverse("guides:assistant_feedback"), {"question": "x"})
    assert AssistantFeedback.objects.count() == 0


@override_settings(GUIDES_ASSISTANT_RATE="3/m")
def test_assistant_is_rate_limited(client, loaded, monkeypatch):
    # A fixed clock: the limiter's windows are aligned on the minute, which must not turn here.
    monkeypatch.setattr("portal.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    for _ in range(3):
        assert client.get(API, {"q": "messagerie"}).status_code == 200
    response = client.get(API, {"q": "messagerie"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = client.get(reverse("guides:assistant"), {"q": "messagerie"})
    assert page.status_code == 429


def test_guides_api_lists_published_guides_and_sheets(client, loaded):
    from tests.factories import SheetFactory

    SheetFactory(guide=loaded["cabinet/messagerie"].guide, slug="brouillon")
    data = client.get("/api/v1/guides/").json()
    assert [g["slug"] for g in data] == ["cabinet", "avis"]
    cabinet = data[0]
    assert cabinet["audiences"] == ["medecins"]
    assert [s["slug"] for s in cabinet["sheets"]] == ["messagerie", "telephones"]
    assert cabinet["sheets"][0]["url"] == "/guides/cabinet/messagerie/"


def test_openapi_schema_documents_both_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/assistant/" in schema["paths"]
    assert "/api/v1/guides/" in schema["paths"]
    parameters = schema["paths"]["/api/v1/assistant/"]["get"]["parameters"]
    assert any(p["name"] == "q" and p["required"] for p in parameters)


def test_index_is_cached_per_process_and_rebuilt_on_publication(loaded, django_assert_num_queries):
    from guides import services
    from guides.assistant import current_index
    from guides.models import SheetStatus

    first = current_index()
    with django_assert_num_queries(1):  # the version check only
        assert current_index() is first
    assert len(first) == 3

    services.sheet_transition(
        sheet=loaded["cabinet/telephones"], to_status=SheetStatus.DRAFT, author=None
    )
    rebuilt = current_index()
    assert rebuilt is not first
    assert len(rebuilt) == 2
