"""Logging in with Pro Santé Connect against a real OpenID Connect provider process."""

import logging

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from accounts.models import ClaimChallenge, User
from deploy.psc_stub import JWT_CLIENT_ID, person
from psc.selectors import session_used_psc
from tests.auth_helpers import login_with_password
from tests.factories import DoctorFactory, UserFactory
from tests.psc.conftest import query_of

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().replace("&nbsp;", " ").replace("\u00a0", " ").split())


def doctor_on_psc(psc, **kwargs):
    doctor = DoctorFactory.create(**{"email": "anne.durand@exemple-medecin.test", **kwargs})
    login = f"8{doctor.rpps}"
    psc.stub.add(login, person(rpps=doctor.rpps, last_name=doctor.last_name))
    return doctor, login


def test_the_request_carries_nonce_pkce_acr_and_psc_scope(client, psc):
    location = psc.start(client)["Location"]
    query = query_of(location)
    assert location.startswith(psc.stub.base_url + "/auth/realms/esante-wallet/auth?")
    assert set(query["scope"].split()) == {"openid", "scope_all"}
    assert query["acr_values"] == "eidas1"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert len(query["nonce"]) >= 32
    assert query["state"]


def test_query_string_cannot_weaken_the_request(client, psc):
    response = client.post(
        reverse("psc_login") + "?auth_params=acr_values%3Deidas0&scope=email", {}
    )
    query = query_of(response["Location"])
    assert query["acr_values"] == "eidas1"
    assert set(query["scope"].split()) == {"openid", "scope_all"}


def test_provider_enforces_pkce(psc):
    import requests

    response = requests.get(
        psc.stub.base_url + "/auth/realms/esante-wallet/auth",
        params={
            "client_id": "ordre-portail",
            "response_type": "code",
            "scope": "openid scope_all",
            "redirect_uri": "http://testserver/compte/psc/connexion/retour/",
        },
        allow_redirects=False,
        timeout=5,
    )
    location = response.headers["Location"]
    assert query_of(location)["error"] == "invalid_request"
    assert "requires PKCE" in query_of(location)["error_description"]


def test_first_login_creates_the_account_claimed_and_strong(client, psc):
    doctor, login = doctor_on_psc(psc)
    response = psc.login(client, login)
    assert response.status_code == 302
    assert response["Location"] == reverse("psc_compare")
    user = User.objects.get(doctor=doctor)
    assert user.email == doctor.email
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(user=user, provider="prosanteconnect")
    assert account.uid == f"psc-{login}"
    # Linked through the claim services: a used challenge row and the « compte rattaché » email.
    assert (
        ClaimChallenge.objects.filter(user=user, doctor=doctor, used_at__isnull=False).count() == 1
    )
    assert [m.to for m in mail.outbox] == [[doctor.email]]
    assert "rattaché" in mail.outbox[0].subject or "rattach" in mail.outbox[0].body
    request = response.wsgi_request
    assert session_used_psc(request)
    # The vault opens without a second factor: the PSC session is a strong authentication.
    assert client.get(reverse("vault:index")).status_code == 200


def test_second_login_lands_on_the_same_account(client, psc):
    doctor, login = doctor_on_psc(psc)
    psc.login(client, login)
    client.logout()
    response = psc.login(client, login)
    assert response.status_code == 302
    assert response["Location"] == reverse("doctor_space")
    assert User.objects.filter(doctor=doctor).count() == 1
    assert SocialAccount.objects.count() == 1
    assert client.get(reverse("doctor_space")).context["user"].doctor == doctor


def test_logged_in_doctor_links_psc_without_code(client, psc):
    doctor, login = doctor_on_psc(psc)
    user = UserFactory.create(email="anne.perso@exemple.test")
    login_with_password(client, user.email)
    response = psc.login(client, login, process="connect")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.doctor == doctor
    assert SocialAccount.objects.get(provider="prosanteconnect").user == user
    assert session_used_psc(response.wsgi_request)
    assert response.wsgi_request.user == user


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("absent", "ne figure pas au tableau"),
        ("not_doctor", "pas comme médecin"),
        ("no_rpps", "ne comporte pas de numéro RPPS"),
    ],
)
def test_identities_the_roll_cannot_take_are_refused(client, psc, setup, expected):
    doctor = DoctorFactory.create()
    rpps = doctor.rpps
    if setup == "absent":
        doctor.delete()
        data = person(rpps=rpps)
    elif setup == "not_doctor":
        data = person(rpps=rpps, profession="60")  # infirmier
    else:
        data = person(rpps=rpps, id_nat="012345678")
        data["claims"]["otherIds"] = []
    psc.stub.add("x", data)
    response = psc.login(client, "x")
    assert response.status_code == 403
    assert expected in text(response)
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_rpps_claimed_by_another_account_is_refused_with_the_council(client, psc):
    doctor, login = doctor_on_psc(psc, department="69")
    owner = UserFactory.create(doctor=doctor)
    response = psc.login(client, login)
    assert response.status_code == 403
    page = text(response)
    assert "déjà rattachée à un compte" in page
    assert "« Mes connexions »" in page
    assert reverse("councils:detail", args=["69"]) in response.content.decode()
    assert list(User.objects.values_list("pk", flat=True)) == [owner.pk]
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("acr", [None, "eidas0", "substantial"])
def test_acr_missing_or_too_low_is_refused(client, psc, acr):
    doctor, _ = doctor_on_psc(psc)
    psc.stub.add("faible", person(rpps=doctor.rpps, sub=f"faible-{doctor.rpps}", acr=acr))
    response = psc.login(client, "faible")
    assert response.status_code == 403
    assert "niveau de sécurité suffisant" in text(response)
    assert not User.objects.filter(doctor=doctor).exists()


@pytest.mark.parametrize("tamper", ["nonce", "signature", "expired", "audience", "issuer"])
def test_spoilt_id_tokens_are_refused(client, psc, tamper, caplog):
    doctor, _ = doctor_on_psc(psc)
    psc.stub.add("abime", person(rpps=doctor.rpps, sub=f"abime-{doctor.rpps}", tamper=tamper))
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = psc.login(client, "abime")
    assert response.status_code == 403
    assert "n’a pas pu être vérifiée" in text(response)
    assert not User.objects.exists()
    reasons = {
        "nonce": "bad_nonce",
        "signature": "bad_signature",
        "expired": "expired_token",
        "audience": "bad_audience",
        "issuer": "bad_issuer",
    }
    assert f"reason={reasons[tamper]}" in caplog.text


def test_replayed_callback_and_replayed_code_are_refused(client, psc):
    _doctor, login = doctor_on_psc(psc)
    callback = psc.callback_url(client, login)
    assert client.get(callback).status_code == 302
    client.logout()
    # The same state again: it left the session at first use.
    assert client.get(callback).status_code == 403
    # The same code under a fresh state of this browser: PSC refuses the code twice.
    fresh_state = query_of(psc.start(client)["Location"])["state"]
    code = query_of(callback)["code"]
    response = client.get(reverse("psc_callback"), {"code": code, "state": fresh_state})
    assert response.status_code == 403
    assert "n’a pas pu être vérifiée" in text(response)
    assert not response.wsgi_request.user.is_authenticated


def test_userinfo_served_as_signed_jwt(client, psc):
    psc.use_client(JWT_CLIENT_ID)
    doctor, login = doctor_on_psc(psc)
    response = psc.login(client, login)
    assert response.status_code == 302, text(response)
    account = SocialAccount.objects.get(user__doctor=doctor)
    assert account.extra_data["userinfo"]["SubjectNameID"] == login
    # The JWT's own claims were checked and kept: it was signed for this client.
    assert account.extra_data["userinfo"]["aud"] == JWT_CLIENT_ID


def test_logout_ends_the_psc_session_too(client, psc):
    _doctor, login = doctor_on_psc(psc)
    psc.login(client, login)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(psc.stub.base_url + "/auth/realms/esante-wallet/session/end?")
    query = query_of(location)
    assert query["post_logout_redirect_uri"] == "http://testserver/"
    assert query["id_token_hint"].count(".") == 2
    assert not response.wsgi_request.user.is_authenticated
    back = psc.stub.end_session(location)
    assert back == "http://testserver/"


def test_password_logout_stays_on_the_portal(client, psc):
    user = UserFactory.create(email="sans.psc@exemple.test")
    login_with_password(client, user.email)
    response = client.post(reverse("account_logout"))
    assert not response["Location"].startswith(psc.stub.base_url)


def test_logs_name_the_outcome_never_a_token(client, psc, caplog):
    doctor, login = doctor_on_psc(psc)
    with caplog.at_level(logging.DEBUG):
        response = psc.login(client, login)
    hint = client.session["psc_id_token"]
    assert "psc first login" in caplog.text
    assert doctor.rpps not in caplog.text
    assert hint not in caplog.text
    assert "code=" not in caplog.text or "code=" not in caplog.text.split("psc")[-1]
    assert response.status_code == 302


def test_staff_logged_in_through_psc_still_need_their_own_mfa_for_admin(client, psc):
    doctor, login = doctor_on_psc(psc)
    psc.login(client, login)
    User.objects.filter(doctor=doctor).update(is_staff=True)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"] or "login" in response["Location"]
    assert client.get(reverse("vault:index")).status_code == 200


def test_login_page_shows_the_button_only_when_configured(client, psc, settings):
    page = client.get(reverse("account_login")).content.decode()
    assert "Se connecter avec Pro Santé Connect" in page
    assert f'action="{reverse("psc_login")}"' in page
    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get(reverse("account_login")).content.decode()
    assert "Pro Santé Connect" not in page
    assert client.post(reverse("psc_login")).status_code == 404
