"""Staff handle requests in admin: list, history, answer (emailed), status actions."""

import pytest
from django.core import mail
from django.urls import reverse

from contact.models import ContactRequest, Direction, RequestStatus
from contact.services import contact_request_create
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_request(django_capture_on_commit_callbacks) -> ContactRequest:
    with django_capture_on_commit_callbacks(execute=True):
        created = contact_request_create(
            topic="cotisation",
            department="13",
            name="Louis Roux",
            email="louis@exemple.test",
            message="Puis-je payer en trois fois\u00a0?",
        )
    mail.outbox.clear()
    return created


@pytest.fixture
def agent_client(client):
    """Staff member « agent@ordre.test », whose address signs the answers."""
    user = UserFactory.create(email="agent@ordre.test", staff=True)
    enable_totp(user)
    force_mfa_login(client, user)
    return client


def answer_url(contact_request: ContactRequest) -> str:
    return reverse("admin:contact_contactrequest_answer", args=[contact_request.pk])


def test_list_filters_by_council_topic_and_status(agent_client, contact_request):
    url = reverse("admin:contact_contactrequest_changelist")
    response = agent_client.get(url, {"council__id__exact": contact_request.council_id})
    assert response.status_code == 200
    assert contact_request.reference in response.content.decode()
    response = agent_client.get(url, {"status__exact": RequestStatus.CLOSED})
    assert contact_request.reference not in response.content.decode()
    response = agent_client.get(url, {"topic__exact": "cotisation"})
    assert contact_request.reference in response.content.decode()


def test_change_page_shows_history_and_answer_button(agent_client, contact_request):
    response = agent_client.get(
        reverse("admin:contact_contactrequest_change", args=[contact_request.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Puis-je payer en trois fois" in html
    assert "Historique des échanges" in html
    assert answer_url(contact_request) in html


def test_staff_answer_sends_the_email_and_closes(
    agent_client, contact_request, django_capture_on_commit_callbacks
):
    page = agent_client.get(answer_url(contact_request))
    assert page.status_code == 200
    assert "Puis-je payer en trois fois" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            answer_url(contact_request),
            {"body": "Oui, choisissez le paiement fractionné dans votre espace.", "close": "on"},
        )
    assert response.status_code == 302
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.CLOSED
    answer = contact_request.messages.get(direction=Direction.OUT)
    assert answer.author.email == "agent@ordre.test"
    (email,) = mail.outbox
    assert email.to == ["louis@exemple.test"]
    assert contact_request.reference in email.subject
    assert "paiement fractionné" in email.body
    assert "> Puis-je payer en trois fois" in email.body


def test_empty_answer_is_refused_with_a_field_error(agent_client, contact_request):
    response = agent_client.post(answer_url(contact_request), {"body": "", "close": "on"})
    assert response.status_code == 200
    assert "Rédigez la réponse avant de l’envoyer." in response.content.decode()
    assert mail.outbox == []
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.NEW


def test_status_actions_respect_transitions(agent_client, contact_request):
    url = reverse("admin:contact_contactrequest_changelist")
    agent_client.post(
        url, {"action": "mark_closed", "_selected_action": [contact_request.pk]}, follow=True
    )
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.CLOSED
    response = agent_client.post(
        url, {"action": "mark_closed", "_selected_action": [contact_request.pk]}, follow=True
    )
    assert "changement de statut non autorisé" in response.content.decode()


def test_non_staff_cannot_reach_the_requests(client, contact_request):
    user = UserFactory.create(email="medecin@exemple.test")
    enable_totp(user)
    force_mfa_login(client, user)
    for url in (reverse("admin:contact_contactrequest_changelist"), answer_url(contact_request)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(answer_url(contact_request), {"body": "Intrus", "close": "on"})
    assert response.status_code == 302
    assert contact_request.messages.count() == 1
    assert mail.outbox == []


def test_staff_without_mfa_cannot_answer(client, contact_request):
    user = UserFactory.create(email="agent2@ordre.test", staff=True)
    client.force_login(user)
    response = client.post(answer_url(contact_request), {"body": "Sans MFA", "close": "on"})
    assert response.status_code == 302
    assert contact_request.messages.count() == 1


def test_council_admin_lists_with_the_sample_flag(agent_client):
    url = reverse("admin:councils_council_changelist")
    response = agent_client.get(url, {"is_sample__exact": "1", "level__exact": "departmental"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Données d’exemple" in html or "Données d’exemple" in html
    assert "Rhône" in html
    response = agent_client.get(url, {"q": "Gironde"})
    assert "Gironde" in response.content.decode()
