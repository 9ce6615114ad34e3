"""W1: a receipt is rendered once for its confirmation email and that rendering serves the
download (portal.pdf's `reuse`); a receipt whose content changed is rendered again."""

import pytest
from django.core import mail

from cotisations.models import Payment
from cotisations.services.payments import checkout_start
from portal import pdf
from tests.cotisations.conftest import YEAR, completed_event, pay_offline, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The WeasyPrint renderings made from now on (the real ones, counted)."""
    made: list[str] = []
    render = pdf._render

    def counted(html: str, css_text: str) -> bytes:
        made.append(html)
        return render(html, css_text)

    monkeypatch.setattr(pdf, "_render", counted)
    return made


def test_the_emails_rendering_serves_the_download(
    client, call, doctor_user, doctor_client, renders, django_capture_on_commit_callbacks
):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, completed_event(checkout, event_id="evt_r")).status_code == 200
    [message] = mail.outbox
    [(_, attached, _)] = message.attachments
    assert len(renders) == 1  # for the email
    payment = Payment.objects.get(call=call)

    response = doctor_client.get(f"/espace/cotisations/recus/{payment.pk}/")

    assert response.status_code == 200
    assert response.content == attached
    assert len(renders) == 1  # the download rendered nothing


def test_a_receipt_whose_content_changed_is_rendered_again(call, doctor_client, renders):
    first = pay_offline(call, 10000)
    url = f"/espace/cotisations/recus/{first.pk}/"
    assert doctor_client.get(url).content.startswith(b"%PDF")
    assert doctor_client.get(url).content.startswith(b"%PDF")
    assert len(renders) == 1

    # The receipt prints the balance left on the day it is printed: a second payment moves it.
    pay_offline(call, 5000)
    assert doctor_client.get(url).content.startswith(b"%PDF")

    assert len(renders) == 2
    assert "265,00" in renders[0]
    assert "215,00" in renders[1]


def test_without_cache_seconds_every_download_renders(settings, call, doctor_client, renders):
    settings.PDF_CACHE_SECONDS = 0
    payment = pay_offline(call, 10000)
    for _ in range(2):
        assert doctor_client.get(f"/espace/cotisations/recus/{payment.pk}/").status_code == 200
    assert len(renders) == 2


def test_documents_that_do_not_ask_are_not_kept(call, doctor_client, renders):
    pay_offline(call, 36500)
    for _ in range(2):
        response = doctor_client.get(f"/espace/cotisations/{YEAR}/attestation/")
        assert response.content.startswith(b"%PDF")
    assert len(renders) == 2
