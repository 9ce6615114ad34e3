"""Error pages and dead ends: each status in French with a way forward; a form-only URL opened
with GET goes back to its form; an upload that met an expired session says so; a cancelled
payment says nothing was debited."""

import time
import uuid

import pytest
from allauth.core.ratelimit import respond_429
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY
from portal.http import GET_MESSAGE, UPLOAD_LOST_MESSAGE
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.cotisations.conftest import YEAR, call, campaign  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def assert_way_forward(response) -> None:
    text = text_of(response)
    assert '<html lang="fr">' in response.content.decode()
    assert "Que souhaitez-vous faire" in text
    assert f'href="{reverse("home")}"' in text
    assert f'href="{reverse("directory_search")}"' in text
    assert f'action="{reverse("guides:assistant")}"' in text


@pytest.mark.urls("tests.portal.error_urls")
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/test-erreurs/400/", 400, "Votre demande n’a pas pu être comprise"),
        ("/test-erreurs/403/", 403, "Accès refusé"),
        ("/cette-page-n-existe-pas/", 404, "Page introuvable"),
        ("/test-erreurs/500/", 500, "Le service rencontre une erreur technique"),
    ],
)
def test_each_error_status_renders_its_french_page(url, status, heading):
    client = Client(raise_request_exception=False)

    response = client.get(url)

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in text_of(response)
    assert_way_forward(response)
    assert "— Ordre des médecins</title>" in text_of(response)


def test_back_link_only_for_a_page_of_this_site(client):
    ours = client.get("/introuvable/", HTTP_REFERER="http://testserver/guides/")
    theirs = client.get("/introuvable/", HTTP_REFERER="https://ailleurs.example/piege")

    assert 'href="http://testserver/guides/">Revenir à la page précédente' in text_of(ours)
    assert "Revenir à la page précédente" not in text_of(theirs)
    assert "ailleurs.example" not in text_of(theirs)


def test_405_is_a_french_page_that_keeps_the_allow_header(client):
    response = client.get(reverse("cotisations:webhook", args=["dummy"]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Cette adresse ne s’ouvre pas ainsi" in text_of(response)
    assert_way_forward(response)


def test_405_with_a_body_is_left_alone(client):
    user = UserFactory.create(email="api@exemple.test")
    client.force_login(user)

    response = client.delete("/api/v1/guides/")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_csrf_failure_explains_and_offers_a_way_forward():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@b.test", "password": "x"})

    assert response.status_code == 403
    assert "Le formulaire a expiré" in text_of(response)
    assert "choisissez-le de nouveau" in text_of(response)
    assert_way_forward(response)


def test_rate_limited_pages_share_the_429_page(client, settings):
    settings.DIRECTORY_RATE_LIMITS = ["1/m"]
    client.get(reverse("directory_search"), {"q": "durand"})

    response = client.get(reverse("directory_search"), {"q": "durand"})

    assert response.status_code == 429
    assert "<h1>Trop de recherches</h1>" in text_of(response)
    assert_way_forward(response)


def test_allauth_rate_limit_uses_the_portal_429(rf):
    request = rf.get("/compte/password/reset/")
    request.user = AnonymousUser()

    response = respond_429(request)

    assert response.status_code == 429
    assert "<h1>Trop de demandes</h1>" in text_of(response)
    assert_way_forward(response)


DOCUMENTS = reverse("registrations:step", kwargs={"step": "documents"})
SOME_ID = uuid.uuid4()

# Every form-only URL of the portal, and the form a GET on it leads back to. The payment
# webhook stays a 405 (a provider's machine calls it, never a person): see the test above. The
# guides admin's restore and workflow URLs lead back to the versions page (staff only: tested
# in tests/guides/test_admin.py).
POST_ONLY = [
    (reverse("api_token_revoke"), reverse("api_tokens")),
    (reverse("cotisations:pay", args=[2027]), reverse("cotisations:space")),
    (reverse("vault:upload"), reverse("vault:index")),
    (reverse("vault:folder_create"), reverse("vault:index")),
    (reverse("vault:folder_delete", args=[3]), reverse("vault:index")),
    (reverse("vault:trash_document", args=[SOME_ID]), reverse("vault:index")),
    (reverse("vault:restore", args=[SOME_ID]), reverse("vault:trash")),
    (reverse("registrations:upload"), DOCUMENTS),
    (reverse("registrations:document_delete", args=[SOME_ID]), DOCUMENTS),
    (reverse("registrations:submit"), reverse("registrations:summary")),
    (reverse("guides:assistant_feedback"), reverse("guides:assistant")),
]


@pytest.fixture
def doctor_with_vault_client(client):
    user = UserFactory.create(email="coffre@exemple.test", with_doctor=True)
    enable_totp(user)
    force_mfa_login(client, user)
    return client


@pytest.mark.parametrize(("url", "form_url"), POST_ONLY)
def test_get_on_a_form_only_url_goes_back_to_the_form(doctor_with_vault_client, url, form_url):
    response = doctor_with_vault_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == form_url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [GET_MESSAGE]


@pytest.mark.parametrize(("url", "form_url"), POST_ONLY)
def test_get_on_a_form_only_url_when_logged_out_goes_to_the_form_too(client, url, form_url):
    """After a login redirect whose `next` was the form-only URL, the same happens."""
    response = client.get(url, follow=False)

    assert response.status_code == 302
    assert response["Location"] == form_url


def test_head_is_treated_like_get_and_put_is_refused(doctor_with_vault_client):
    url = reverse("vault:folder_create")

    assert doctor_with_vault_client.head(url).status_code == 302
    refused = doctor_with_vault_client.put(url)
    assert refused.status_code == 405
    assert "Cette adresse ne s’ouvre pas ainsi" in text_of(refused)


def expire(client: Client) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 24 * 3600
    session.save()


def test_expired_session_says_so_on_the_login_page(doctor_with_vault_client):
    expire(doctor_with_vault_client)

    response = doctor_with_vault_client.get(reverse("doctor_space"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Votre session a expiré" in text_of(response)


@pytest.mark.parametrize(
    ("url", "field", "form_url"),
    [
        (reverse("vault:upload"), "files", reverse("vault:index")),
        (reverse("registrations:upload"), "file", DOCUMENTS),
    ],
)
def test_upload_with_an_expired_session_asks_to_choose_the_file_again(
    doctor_with_vault_client, url, field, form_url
):
    client = doctor_with_vault_client
    expire(client)
    upload = SimpleUploadedFile("diplome.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")

    response = client.post(url, {field: upload})

    login = f"{reverse('account_login')}?next={form_url.replace('/', '%2F')}"
    assert response.status_code == 302
    assert response["Location"] == login
    page = client.get(response["Location"])
    assert "le fichier que vous aviez choisi n’a pas été reçu" in text_of(page)
    assert "_auth_user_id" not in client.session


def test_upload_by_script_with_an_expired_session_is_sent_to_the_login_page(client):
    upload = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n", "image/png")

    response = client.post(
        reverse("vault:upload"), {"files": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 200
    assert response.json()["location"].startswith(reverse("account_login") + "?next=")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [UPLOAD_LOST_MESSAGE]


def test_cancel_on_the_payment_page_says_nothing_was_debited(doctor_client, call, settings):  # noqa: F811
    settings.PAYMENT_PROVIDER = "dummy"
    checkout = doctor_client.post(reverse("cotisations:pay", args=[YEAR]), {"mode": "full"})
    assert "/paiement-test/" in checkout["Location"]

    response = doctor_client.post(checkout["Location"], {"outcome": "cancel"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("cotisations:space")
    assert "Paiement annulé, rien n’a été débité." in text_of(response)
    # Once: a reload of the dues page does not repeat it.
    assert "Paiement annulé" not in text_of(doctor_client.get(reverse("cotisations:space")))


def test_stripe_cancel_url_carries_the_cancelled_flag():
    from cotisations.services.payments import CANCELLED_QUERY

    assert CANCELLED_QUERY == "?paiement=annule"


def test_favicon_ico_leads_to_the_svg(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert client.get(response["Location"]).status_code == 200
