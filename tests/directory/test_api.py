"""GET /api/v1/annuaire/: public fields, statuses, pages, errors, rate limits and schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from roll.models import DoctorStatus
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

URL = reverse("api_directory_search")
ENTRY_KEYS = {
    "rpps",
    "civility",
    "last_name",
    "first_name",
    "specialty",
    "department",
    "department_name",
    "address",
    "practice_status",
    "practice_status_label",
    "authorised_to_practise",
}


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_search_returns_public_fields_only(api):
    doctor = DoctorFactory(
        last_name="Lefèvre",
        first_name="Hélène",
        email="helene.prive@exemple-medecin.test",
        postcode="33000",
        city="Bordeaux",
        department="33",
    )
    response = api.get(URL, {"q": "lefevre"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["count_is_capped"], body["page"], body["pages"]) == (1, False, 1, 1)
    [entry] = body["results"]
    assert set(entry) == ENTRY_KEYS
    assert entry["rpps"] == doctor.rpps
    assert entry["civility"] == "Mme"
    assert entry["address"] == {
        "street": "8 rue des Lilas",
        "postcode": "33000",
        "city": "Bordeaux",
    }
    assert entry["department_name"] == "Gironde"
    assert (entry["practice_status"], entry["authorised_to_practise"]) == ("authorised", True)
    assert "prive" not in response.content.decode()
    assert "registered_on" not in response.content.decode()


@pytest.mark.parametrize("status", [DoctorStatus.SUSPENDED, DoctorStatus.STRUCK_OFF])
def test_suspended_and_struck_off_are_not_authorised(api, status):
    DoctorFactory(last_name="Radie", status=status)
    [entry] = api.get(URL, {"q": "radie"}).json()["results"]
    assert entry["practice_status"] == "not_authorised"
    assert entry["practice_status_label"] == "Non autorisée à exercer"  # a Mme
    assert entry["authorised_to_practise"] is False


def test_filters_and_pages(api):
    DoctorFactory.create_batch(23, last_name="Petit", specialty="Pédiatrie", department="2A")
    DoctorFactory(last_name="Petit", specialty="Urologie", department="2A")
    DoctorFactory(last_name="Petit", specialty="Pédiatrie", department="75")
    first = api.get(URL, {"q": "petit", "specialite": "pediatrie", "departement": "2a"}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (23, 2, 20)
    second = api.get(
        URL, {"q": "petit", "specialite": "Pédiatrie", "departement": "2A", "page": 2}
    ).json()
    assert len(second["results"]) == 3
    only_filter = api.get(URL, {"departement": "75"}).json()
    assert only_filter["count"] == 1


def test_rpps_search(api):
    doctor = DoctorFactory()
    DoctorFactory()
    body = api.get(URL, {"q": doctor.rpps}).json()
    assert [entry["rpps"] for entry in body["results"]] == [doctor.rpps]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "Indiquez un nom"),
        ({"q": "  x "}, "q", "Indiquez un nom"),
        ({"q": "d" * 101}, "q", "trop longue"),
        ({"q": "durand", "departement": "99"}, "departement", "Département inconnu"),
        ({"q": "durand", "page": "0"}, "page", "commence à 1"),
        ({"q": "durand", "page": "51"}, "page", "50 premières pages"),
        ({"q": "durand", "page": "deux"}, "page", "nombre entier"),
    ],
)
def test_bad_requests_get_field_level_french_messages(api, params, field, message):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_rate_limited_with_retry_after_and_a_french_message(api, settings):
    settings.DIRECTORY_RATE_LIMITS = ["2/m", "100/d"]
    for _ in range(2):
        assert api.get(URL, {"q": "durand"}).status_code == 200
    response = api.get(URL, {"q": "durand"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "beaucoup de recherches" in response.json()["detail"]


def test_page_and_api_share_the_limit(api, client, settings):
    settings.DIRECTORY_RATE_LIMITS = ["2/m"]
    assert client.get(reverse("directory_search"), {"q": "durand"}).status_code == 200
    assert api.get(URL, {"q": "durand"}).status_code == 200
    assert api.get(URL, {"q": "durand"}).status_code == 429


def test_in_the_openapi_schema(api):
    response = api.get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/annuaire/"]["get"]
    assert operation["operationId"] == "directory_search"
    assert {p["name"] for p in operation["parameters"]} >= {
        "q",
        "specialite",
        "departement",
        "page",
    }
    assert {"200", "400", "429"} <= set(operation["responses"])
    assert not operation.get("security") or {} in operation["security"]
