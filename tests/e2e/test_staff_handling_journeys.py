"""G1: a contact request and a change request handled end to end, staff included.

The person writes, the council's staff answer or decide in the admin (logged in with their
second factor), and every email goes over real SMTP to a sink (aiosmtpd), read back here.
"""

import re
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest

from contact.models import ContactRequest
from roll.models import ChangeRequest, ChangeStatus, Doctor
from tests.auth_helpers import enable_totp
from tests.e2e.helpers import field, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory
from tests.fixtures.vault import use_local_vault
from tests.roll.change_helpers import paris_council

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _to(sink: Any, address: str) -> list[Message]:
    return [m for m in sink.messages if address in m["To"]]


def _staff_logs_in(page: Any, accessible: Any, email: str, next_url: str) -> None:
    page.context.clear_cookies()
    staff = UserFactory.create(email=email, staff=True)
    log_in_with_totp(page, accessible, staff.email, enable_totp(staff), next_url=next_url)


def test_a_contact_request_is_answered_by_staff(page, accessible, smtp_settings):
    page.goto("/contact/?sujet=cotisation&departement=69")
    field(page, "Nom et prénom").fill("Claire Martin")
    field(page, "Adresse électronique").fill("claire@exemple.test")
    page.get_by_label("Votre message").fill("Puis-je régler ma cotisation en trois fois\u00a0?")
    page.get_by_role("button", name="Envoyer mon message").click()
    page.wait_for_url("**/contact/merci/")
    request = ContactRequest.objects.get()
    assert request.council is not None
    assert request.council.code == "69"
    (acknowledgement,) = _to(smtp_settings, "claire@exemple.test")
    assert request.reference in _subject(acknowledgement)
    assert request.reference in _text(acknowledgement)

    _staff_logs_in(page, accessible, "accueil69@ordre.test", "/admin/contact/contactrequest/")
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Répondre").first.click()
    page.get_by_label("Réponse").fill("Oui : choisissez « en 3 fois » sur la page de paiement.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    page.wait_for_url(re.compile(r"/admin/contact/contactrequest/"))

    request.refresh_from_db()
    assert request.status == "closed"
    messages = _to(smtp_settings, "claire@exemple.test")
    assert len(messages) == 2
    answer = _text(messages[1])
    assert "choisissez « en 3 fois »" in answer
    assert "Puis-je régler ma cotisation en trois fois" in answer  # the question, quoted


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_a_change_request_is_decided_by_staff(
    page, accessible, smtp_settings, settings, tmp_path, decision
):
    use_local_vault(settings, tmp_path / "vault")
    paris_council()
    doctor = DoctorFactory(first_name="Anne", last_name="Durand", department="75")
    user = UserFactory.create(email="anne.durand@exemple.test")
    user.doctor = doctor
    user.save(update_fields=["doctor"])
    log_in_with_totp(page, accessible, user.email, enable_totp(user))

    page.get_by_role("link", name="Signaler une modification").click()
    field(page, "Adresse professionnelle (numéro et voie)").fill("3 avenue Daumesnil")
    field(page, "Code postal").fill("75012")
    field(page, "Commune").fill("Paris")
    field(page, "Explication").fill("Installation dans un nouveau cabinet le 1er mars.")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r"/espace/modifications/\d+/$"))
    change = ChangeRequest.objects.get()
    assert change.council is not None
    assert change.council.code == "75"

    _staff_logs_in(page, accessible, "tableau75@ordre.test", "/admin/roll/changerequest/")
    page.goto(f"/admin/roll/changerequest/{change.pk}/change/")
    page.get_by_role("link", name="Décider").first.click()
    if decision == "approve":
        page.get_by_role("button", name="Accepter la demande").click()
    else:
        page.get_by_role("button", name="Refuser la demande").click()  # no reason: refused
        assert "Motif du refus" in page.content()
        assert ChangeRequest.objects.get().status == ChangeStatus.PENDING
        page.get_by_label("Motif du refus").fill("Le justificatif du bail manque.")
        page.get_by_role("button", name="Refuser la demande").click()
    page.wait_for_url(re.compile(r"/admin/roll/changerequest/"))

    change.refresh_from_db()
    doctor = Doctor.objects.get(pk=doctor.pk)
    subjects = [_subject(m) for m in _to(smtp_settings, "anne.durand@exemple.test")]
    assert any("reçue" in s for s in subjects), subjects
    if decision == "approve":
        assert change.status == ChangeStatus.APPROVED
        assert (doctor.street, doctor.postcode) == ("3 avenue Daumesnil", "75012")
        assert any(s.endswith("est acceptée") for s in subjects), subjects
    else:
        assert change.status == ChangeStatus.REFUSED
        assert doctor.street != "3 avenue Daumesnil"
        (refused,) = [
            m
            for m in _to(smtp_settings, "anne.durand@exemple.test")
            if "pas été acceptée" in _subject(m)
        ]
        assert "Le justificatif du bail manque." in _text(refused)
