"""The batch path writes the same message as portal.emails, only faster."""

import email
import email.policy

import pytest

from cotisations.models import ReminderKind
from cotisations.services.emails import ReminderRenderer
from portal.emails_batch import BatchEmail
from tests.emails.samples import SAMPLES

pytestmark = pytest.mark.django_db


def _structure(raw: bytes) -> dict[str, object]:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [
        (
            part.get_content_type(),
            part.get_content_charset(),
            part["Content-Transfer-Encoding"],
            part.get_content(),
        )
        for part in parsed.iter_parts()
    ]
    # Django folds a long Subject after "Subject:", which parses with a leading space.
    headers = {name: str(parsed[name]).strip() for name in ("Subject", "From", "To", "Message-ID")}
    return {"type": parsed.get_content_type(), "parts": parts, **headers}


def test_wire_bytes_match_the_message_portal_emails_builds(call):
    renderer = ReminderRenderer(kind=ReminderKind.BEFORE_30)
    to = "dr.durand@exemple.test"
    fast = _structure(renderer.wire_bytes(call=call, to=to))
    slow = _structure(renderer.message(call=call, to=to).message().as_bytes(linesep="\r\n"))
    assert fast == slow
    assert fast["type"] == "multipart/alternative"
    assert [part[:3] for part in fast["parts"]] == [
        ("text/plain", "utf-8", "8bit"),
        ("text/html", "utf-8", "8bit"),
    ]
    assert fast["Subject"] == "Votre cotisation ordinale 2027\u00a0: échéance le 31 mars 2027"
    assert "Conseil national de l’Ordre des médecins" in fast["From"]


def test_what_the_fast_path_cannot_write_goes_through_portal_emails():
    sample = SAMPLES["cotisations/email/before"]
    batch = BatchEmail(template="cotisations/email/before", reason=sample.reason)
    assert batch.wire_bytes(to="médecin@exemple.test", context=sample.context) is None
    long_line = {**sample.context, "space_url": "https://portail.ordre.test/" + "a" * 1000}
    assert batch.wire_bytes(to="dr@exemple.test", context=long_line) is None
    assert batch.wire_bytes(to="dr@exemple.test", context=sample.context) is not None


def test_batch_over_smtp_sends_multipart_messages(call, smtp_settings):
    from cotisations.services.reminders import reminder_batch_send

    sent = reminder_batch_send(
        campaign_id=call.campaign_id, kind=ReminderKind.DEADLINE, call_ids=[call.pk]
    )
    assert sent == 1
    [message] = smtp_settings.messages
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert "date limite de paiement" in text.get_payload(decode=True).decode()
    assert '<html lang="fr">' in html.get_payload(decode=True).decode()
