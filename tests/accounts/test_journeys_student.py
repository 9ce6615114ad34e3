"""Where people land: a student's sign-up back to their registration, "Mon espace" for each."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.auth_helpers import login_with_password, verification_code
from tests.factories import TEST_PASSWORD, DoctorFactory, RegistrationRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

START_URL = reverse("registrations:start")
SPACE_URL = reverse("doctor_space")
EMAIL = "lea.moreau@exemple.test"


def test_student_signing_up_from_the_registration_lands_on_it_once_confirmed(client):
    # « Faire ma première inscription » → login, which keeps `next` on its sign-up link.
    response = client.get(START_URL)
    login_url = f"{reverse('account_login')}?next={START_URL}"
    assert response["Location"] == login_url
    signup_url = f"{reverse('account_signup')}?next={START_URL}"
    assert signup_url.replace("/", "%2F") in client.get(login_url).content.decode().replace(
        "/", "%2F"
    )

    response = client.post(
        signup_url, {"email": EMAIL, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    )
    code_url = reverse("account_email_verification_sent")
    assert response.status_code == 302
    assert response["Location"].startswith(code_url)
    assert "_auth_user_id" not in client.session

    response = client.post(code_url, {"code": verification_code(mail.outbox[-1])})

    assert response.status_code == 302
    assert response["Location"] == START_URL
    user = User.objects.get(email=EMAIL)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert "Commencer ma demande" in client.get(START_URL).content.decode()


def test_a_wrong_code_keeps_the_student_out_and_on_the_code_page(client):
    client.post(
        f"{reverse('account_signup')}?next={START_URL}",
        {"email": EMAIL, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    response = client.post(reverse("account_email_verification_sent"), {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(email=EMAIL).verified


def test_signup_without_next_lands_on_the_choice(client):
    client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    response = client.post(
        reverse("account_email_verification_sent"), {"code": verification_code(mail.outbox[-1])}
    )
    assert response["Location"] == SPACE_URL


def test_an_unsafe_next_is_ignored_at_signup(client):
    client.post(
        f"{reverse('account_signup')}?next=https://ailleurs.example/piege/",
        {"email": EMAIL, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    response = client.post(
        reverse("account_email_verification_sent"), {"code": verification_code(mail.outbox[-1])}
    )
    assert response["Location"] == SPACE_URL


def test_my_space_sends_a_student_to_their_registration_never_to_the_claim(client):
    student = UserFactory.create(email=EMAIL)
    RegistrationRequestFactory.create(user=student)
    login_with_password(client, EMAIL)

    response = client.get(SPACE_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("registrations:status")
    page = client.get(response["Location"]).content.decode()
    assert "pas encore envoyée" in page
    assert reverse("claim_start") not in page


def test_login_without_next_takes_a_student_to_their_registration(client):
    student = UserFactory.create(email=EMAIL)
    RegistrationRequestFactory.create(user=student)
    response = login_with_password(client, EMAIL)
    assert response["Location"] == SPACE_URL
    assert client.get(SPACE_URL)["Location"] == reverse("registrations:status")


def test_my_space_shows_a_doctor_their_space(client):
    doctor = DoctorFactory.create()
    client.force_login(UserFactory.create(doctor=doctor))
    response = client.get(SPACE_URL)
    assert response.status_code == 200
    assert doctor.rpps in response.content.decode()


def test_my_space_offers_the_choice_to_someone_neither_doctor_nor_student(client):
    client.force_login(UserFactory.create())
    response = client.get(SPACE_URL)
    page = " ".join(response.content.decode().replace("&nbsp;", " ").split())
    assert response.status_code == 200
    assert "Je suis médecin inscrit au tableau : rattacher mon compte" in page
    assert "Je suis étudiant ou interne : faire ma première inscription" in page
    assert f'href="{reverse("claim_start")}"' in page
    assert f'href="{START_URL}"' in page


def test_my_space_for_a_doctor_wins_over_an_old_registration(client):
    doctor = DoctorFactory.create()
    user = UserFactory.create(doctor=doctor)
    RegistrationRequestFactory.create(user=user)
    client.force_login(user)
    assert client.get(SPACE_URL).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/compte/3rdparty/",
        "/compte/3rdparty/signup/",
        "/compte/3rdparty/login/error/",
        "/compte/social/connections/",
        "/compte/oidc/prosanteconnect/login/",
    ],
)
def test_third_party_account_pages_are_not_found_without_a_provider(client, url):
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 404


def test_account_pages_link_to_no_third_party_page(client):
    UserFactory.create(email=EMAIL)
    login_with_password(client, EMAIL)
    for url in (reverse("account_email"), reverse("account_login"), reverse("account_signup")):
        assert "/compte/3rdparty/" not in client.get(url, follow=True).content.decode()


def test_home_gives_the_public_tasks_then_the_three_entries(client):
    response = client.get(reverse("home"))
    content = response.content.decode()
    page = " ".join(content.replace("&nbsp;", " ").split())
    assert "Vérifier qu’un médecin est inscrit" in page
    assert f'action="{reverse("directory_search")}"' in content
    assert 'name="q"' in content
    assert f'href="{reverse("guides:index")}"' in content
    assert f'href="{reverse("guides:assistant")}"' in content
    assert content.index('role="search"') < content.index('class="cards cards--entries"')
    results = client.get(reverse("directory_search"), {"q": "Martin"})
    assert results.status_code == 200
