"""Two-factor pages in the portal's words, recovery codes at login, and changing the login email."""

import html

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.auth_helpers import (
    enable_totp,
    force_mfa_login,
    login_with_password,
    totp_now,
    verification_code,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "claire.dupont@exemple.test"
NEW_EMAIL = "claire.dupont@cabinet.test"
CODE_LABEL = "Code de l’application ou code de secours"


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


@pytest.fixture
def doctor_before_totp() -> User:
    """A doctor's account with no second factor yet: the journeys enrol one."""
    user = UserFactory.create(email=EMAIL, with_doctor=True)
    return user


@pytest.fixture
def secret(doctor_before_totp) -> str:
    return enable_totp(doctor_before_totp)


@pytest.fixture
def recovery_codes(doctor_before_totp, secret) -> list[str]:
    return RecoveryCodes.activate(doctor_before_totp).get_unused_codes()


def test_the_login_prompt_offers_the_app_a_recovery_code_and_a_passkey(
    client, doctor_before_totp, secret
):
    response = login_with_password(client, EMAIL)
    page = text(client.get(response["Location"]))
    assert CODE_LABEL in page
    assert "code de secours" in page
    assert "Utiliser une clé d’accès" in page
    assert "clé de sécurité" not in page.lower()


def test_a_recovery_code_logs_in_once_only(client, doctor_before_totp, recovery_codes):
    login_with_password(client, EMAIL, next_url="/espace/")
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
    assert response.status_code == 302
    assert response["Location"] == "/espace/"
    assert client.session["_auth_user_id"] == str(doctor_before_totp.pk)

    client.post(reverse("account_logout"))
    login_with_password(client, EMAIL)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'aria-invalid="true"' in response.content.decode()


def test_after_activating_the_app_the_codes_come_with_why_and_the_way_on(
    client, doctor_before_totp
):
    force_mfa_login(client, doctor_before_totp)
    activate_url = reverse("mfa_activate_totp")
    # Activating asks to confirm access first (the password, as no second factor exists yet).
    assert client.get(activate_url)["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = text(client.get(activate_url))
    for app in ("FreeOTP", "Google Authenticator", "Microsoft Authenticator", "Aegis", "2FAS"):
        assert app in page
    assert "Mots de passe d’iOS" in page
    secret = client.session["mfa.totp.secret"]

    response = client.post(activate_url, {"code": totp_now(secret)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    page = text(response)
    assert "Continuer vers mon espace" in page
    assert f'href="{reverse("doctor_space")}"' in response.content.decode()
    assert "le seul moyen de vous connecter" in page
    assert f'href="{reverse("mfa_download_recovery_codes")}"' in response.content.decode()
    for code in RecoveryCodes(
        doctor_before_totp.authenticator_set.get(type="recovery_codes")
    ).get_unused_codes():
        assert code in page


def test_passkeys_have_one_name_on_the_two_factor_pages(client, doctor_before_totp, secret):
    force_mfa_login(client, doctor_before_totp)
    for url in (reverse("mfa_index"), reverse("mfa_list_webauthn")):
        page = text(client.get(url, follow=True)).lower()
        assert "clé d’accès" in page or "clés d’accès" in page, url
        assert "clé de sécurité" not in page, url
        assert "clés de sécurité" not in page, url
        assert "clé secrète" not in page, url


def test_changing_email_with_two_factor_asks_the_app_code_then_a_code_sent_there(
    client, doctor_before_totp, secret
):
    force_mfa_login(client, doctor_before_totp)
    email_url = reverse("account_email")

    response = client.post(email_url, {"action_add": "", "email": NEW_EMAIL})

    # Reauthentication by the app's code, not the password alone.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not EmailAddress.objects.filter(email=NEW_EMAIL).exists()
    page = text(client.get(response["Location"]))
    assert CODE_LABEL in page

    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200
    assert not EmailAddress.objects.filter(email=NEW_EMAIL).exists()

    response = client.post(response["Location"], {"code": totp_now(secret)}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_email_verification_sent"))
    assert not EmailAddress.objects.filter(email=NEW_EMAIL, verified=True).exists()
    message = [m for m in mail.outbox if NEW_EMAIL in m.to][-1]

    code_url = reverse("account_email_verification_sent")
    assert client.post(code_url, {"code": "AAAA-AAAA"}).status_code == 200
    assert User.objects.get(pk=doctor_before_totp.pk).email == EMAIL

    response = client.post(code_url, {"code": verification_code(message)})

    assert response.status_code == 302
    assert response["Location"] == email_url
    doctor_before_totp.refresh_from_db()
    assert doctor_before_totp.email == NEW_EMAIL
    assert EmailAddress.objects.get(email=NEW_EMAIL).primary
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    # The new address logs in (after its second factor).
    client.post(reverse("account_logout"))
    response = login_with_password(client, NEW_EMAIL)
    assert response["Location"].startswith(reverse("mfa_authenticate"))


def test_even_a_fresh_login_confirms_access_before_the_email_changes(
    client, doctor_before_totp, secret
):
    force_mfa_login(client, doctor_before_totp)
    response = client.post(reverse("account_email"), {"action_add": "", "email": NEW_EMAIL})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not [m for m in mail.outbox if NEW_EMAIL in m.to]


def test_without_two_factor_access_is_confirmed_by_password(client):
    user = UserFactory.create(email="sans-2fa@exemple.test")
    login_with_password(client, user.email)
    response = client.post(reverse("account_email"), {"action_add": "", "email": NEW_EMAIL})
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_committed_mo_matches_its_po():
    """locale/'s .mo is compiled by hand (make messages): it must say what the .po says."""
    import ast
    import gettext
    import re

    from django.conf import settings

    folder = settings.LOCALE_PATHS[0] / "fr" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    expected: dict[object, str] = {}
    for block in source.split("\n\n"):
        fields = dict(re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', block, re.M))
        if not fields.get("msgid") or fields["msgid"] == '""':
            continue
        msgid = ast.literal_eval(fields["msgid"])
        if "msgid_plural" in fields:
            expected[(msgid, 0)] = ast.literal_eval(fields["msgstr[0]"])
            expected[(msgid, 1)] = ast.literal_eval(fields["msgstr[1]"])
        else:
            expected[msgid] = ast.literal_eval(fields["msgstr"])
    with (folder / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    assert {k: v for k, v in catalog.items() if k != ""} == expected
    msgids = [k if isinstance(k, str) else k[0] for k in expected]
    assert msgids == sorted(msgids), "keep the .po sorted by msgid"
