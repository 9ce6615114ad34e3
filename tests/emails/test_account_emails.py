"""The account emails as people receive them: allauth's through the portal, the claim's."""

import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import ClaimChallenge
from accounts.services.claims import claim_confirm, claim_linked_email_send, claim_start
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db
HOSTS = ("testserver", "example.com", "127.0.0.1", "localhost")


def _code(message) -> str:
    match = re.search(r"code d’activation\u00a0: (\d{4}) (\d{4})", message.body)
    assert match, message.body
    return match.group(1) + match.group(2)


@pytest.fixture
def claimed(django_capture_on_commit_callbacks):
    doctor = DoctorFactory(last_name="Lefèvre", email="dr.lefevre@tableau.test")
    user = UserFactory.create(email="connexion@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        claim_start(user=user, rpps=doctor.rpps)
    challenge = ClaimChallenge.objects.get(user=user, doctor=doctor)
    code = _code(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        claim_confirm(user=user, code=code)
    return doctor, user, challenge


def test_claim_code_is_a_two_part_email_from_the_council(django_capture_on_commit_callbacks):
    doctor = DoctorFactory(email="dr.code@tableau.test")
    user = UserFactory.create(email="code@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        claim_start(user=user, rpps=doctor.rpps)
    [message] = mail.outbox
    assert message.subject == "Votre code d’activation — Ordre des médecins"
    html = message.alternatives[0][0]
    assert re.search(r"\d{4} \d{4}", html)
    assert settings.SITE_NAME in message.from_email


def test_completed_claim_tells_the_doctor_at_both_addresses(claimed):
    doctor, user, _ = claimed
    assert len(mail.outbox) == 2
    linked = mail.outbox[1]
    assert linked.to == [doctor.email, user.email]
    assert linked.subject.endswith(
        "Un compte est désormais rattaché à votre inscription au tableau"
    )
    assert linked.body.startswith("Bonjour Docteur Lefèvre,")
    assert user.email in linked.body
    assert f"se terminant par {doctor.rpps[-4:]}" in linked.body
    assert "rattaché à votre inscription au tableau" in linked.alternatives[0][0]


def test_linked_email_goes_once_and_not_after_the_link_is_undone(claimed):
    _, user, challenge = claimed
    assert claim_linked_email_send(challenge_id=challenge.pk) is False  # redelivered task
    assert len(mail.outbox) == 2
    user.doctor = None
    user.save(update_fields=["doctor"])
    from django.core.cache import cache

    cache.clear()
    assert claim_linked_email_send(challenge_id=challenge.pk) is False
    assert claim_linked_email_send(challenge_id=10**9) is False
    assert len(mail.outbox) == 2


def test_a_wrong_code_sends_no_linked_email(django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    doctor = DoctorFactory()
    user = UserFactory.create(email="faux@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        claim_start(user=user, rpps=doctor.rpps)
    wrong = f"{(int(_code(mail.outbox[0])) + 1) % 10**8:08d}"
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        claim_confirm(user=user, code=wrong)
    assert len(mail.outbox) == 1


def test_password_reset_email_names_the_council_not_the_host(client):
    UserFactory.create(email="oubli@exemple.test")
    response = client.post("/compte/password/reset/", {"email": "oubli@exemple.test"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[Ordre des médecins] Choisissez un nouveau mot de passe"
    first_line = message.body.splitlines()[0]
    assert first_line == "Bonjour,"
    assert "Un nouveau mot de passe a été demandé" in message.body
    assert re.search(r"https?://[^/\s]+/compte/password/reset/key/\S+/", message.body)
    signature = message.body.partition("\n--\n")[0].strip().splitlines()[-1]
    assert signature == settings.SITE_NAME
    for line in (first_line, signature, message.from_email):
        assert not any(host in line for host in HOSTS)
    html = message.alternatives[0][0]
    assert "Choisir un nouveau mot de passe" in html
    assert "mot de passe a été demandé pour le compte" in message.body.partition("\n--\n")[2]


def test_unknown_address_gets_a_french_notice(client, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    client.post("/compte/password/reset/", {"email": "personne@exemple.test"})
    [message] = mail.outbox
    assert "Aucun compte n’existe" in message.subject
    assert "testserver" not in message.body.splitlines()[0]


def test_security_notification_through_the_adapter(rf):
    from allauth.account.adapter import get_adapter
    from allauth.core import context

    user = UserFactory.create(email="securite@exemple.test")
    request = rf.get("/", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="192.0.2.1")
    request.user = user
    with context.request_context(request):
        get_adapter(request).send_notification_mail("mfa/email/totp_activated", user)
    [message] = mail.outbox
    assert message.to == ["securite@exemple.test"]
    assert "Double authentification activée" in message.subject
    assert "192.0.2.1" in message.body
    assert "Firefox" in message.alternatives[0][0]
