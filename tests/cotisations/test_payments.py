import threading
import time

import pytest
from django.db import connection

from cotisations.models import (
    CallStatus,
    Checkout,
    CheckoutStatus,
    Payment,
    ProviderEvent,
)
from cotisations.providers import dummy
from cotisations.providers.base import CHECKOUT_CANCELLED, CHECKOUT_DECLINED
from cotisations.services.payments import checkout_start, webhook_receive
from tests.cotisations.conftest import YEAR, completed_event, event_body, post_webhook

pytestmark = pytest.mark.django_db


def test_double_click_opens_one_checkout(doctor_client, call):
    first = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    second = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Checkout.objects.filter(call=call).count() == 1


def test_paid_only_from_the_webhook_and_return_page_waits(
    doctor_client, call, django_capture_on_commit_callbacks
):
    response = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    checkout = Checkout.objects.get(call=call)
    assert response["Location"] == f"/paiement-test/{checkout.public_id}/"
    page = doctor_client.get(response["Location"])
    assert "365,00" in page.content.decode()
    # The webhook is queued until commit: the doctor comes back before it has arrived.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        back = doctor_client.post(response["Location"], {"outcome": "pay"})
    waiting = doctor_client.get(back["Location"])
    assert "Paiement en cours de confirmation" in waiting.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    for callback in callbacks:
        callback()
    call.refresh_from_db()
    assert call.status == CallStatus.PAID
    done = doctor_client.get(back["Location"])
    assert "a bien été reçu" in done.content.decode()


def test_bad_signature_and_stale_timestamp_get_400_and_change_nothing(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = completed_event(checkout)
    forged = dummy.sign(body, secret="not-the-secret")
    assert post_webhook(client, body, header=forged).status_code == 400
    assert post_webhook(client, body, header="").status_code == 400
    assert post_webhook(client, body, timestamp=int(time.time()) - 301).status_code == 400
    assert post_webhook(client, body, timestamp=int(time.time()) + 301).status_code == 400
    tampered = body.replace(b"36500", b"36501")
    assert post_webhook(client, tampered, header=dummy.sign(body)).status_code == 400
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert not ProviderEvent.objects.exists()
    assert post_webhook(client, body).status_code == 200
    call.refresh_from_db()
    assert call.status == CallStatus.PAID


def test_webhook_for_another_provider_is_404(client, settings):
    assert (
        client.post(
            "/paiement/webhook/stripe/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_same_event_twice_fulfils_once(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = completed_event(checkout, event_id="evt_same")
    assert post_webhook(client, body).status_code == 200
    assert post_webhook(client, body).status_code == 200
    # A different event announcing the same payment does not count it twice either.
    assert post_webhook(client, completed_event(checkout, event_id="evt_other")).status_code == 200
    assert Payment.objects.filter(call=call).count() == 1
    assert ProviderEvent.objects.count() == 2
    call.refresh_from_db()
    assert call.paid_cents == 36500


def test_cancelled_after_completed_keeps_the_payment(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    post_webhook(client, completed_event(checkout))
    post_webhook(client, event_body(CHECKOUT_CANCELLED, checkout=checkout.public_id))
    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    assert call.status == CallStatus.PAID


def test_completed_after_declined_still_counts(client, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    post_webhook(client, event_body(CHECKOUT_DECLINED, checkout=checkout.public_id))
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.DECLINED
    post_webhook(client, completed_event(checkout))
    checkout.refresh_from_db()
    call.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    assert call.status == CallStatus.PAID


def test_declined_page_and_new_checkout(doctor_client, call, django_capture_on_commit_callbacks):
    response = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    with django_capture_on_commit_callbacks(execute=True):
        back = doctor_client.post(response["Location"], {"outcome": "decline"})
    assert "refusé" in doctor_client.get(back["Location"]).content.decode()
    again = doctor_client.post(f"/espace/cotisations/{YEAR}/payer/", {"mode": "full"})
    assert again["Location"] != response["Location"]


def test_card_payment_crossing_a_cheque_is_kept_for_refund(client, call, doctor_user):
    from cotisations.services.calls import payment_record_offline

    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    payment_record_offline(
        call_id=call.pk,
        amount_cents=36500,
        method="cheque",
        received_on=call.campaign.call_date,
        reference="CHQ",
        actor=None,
    )
    post_webhook(client, completed_event(checkout))
    call.refresh_from_db()
    assert call.paid_cents == 36500
    assert Payment.objects.get(provider="dummy").status == "refund_due"


def test_another_doctors_checkout_is_404(doctor_client, call, doctor_user):
    from tests.factories import UserFactory

    other = UserFactory.create(email="autre@exemple.test", with_doctor=True)
    from cotisations.services.campaigns import campaign_open_calls

    campaign_open_calls(campaign_id=call.campaign_id)
    theirs = checkout_start(call_id=other.doctor.dues_calls.get().pk, user=other, mode="full")
    assert doctor_client.get(f"/paiement-test/{theirs.public_id}/").status_code == 404
    assert doctor_client.get(f"/espace/cotisations/retour/{theirs.public_id}/").status_code == 404


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_same_event_delivered_twice_at_once_fulfils_once(postgres, call, doctor_user):
    checkout = checkout_start(call_id=call.pk, user=doctor_user, mode="full")
    body = completed_event(checkout, event_id="evt_race")
    header = dummy.sign(body)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def deliver():
        try:
            barrier.wait()
            outcomes.extend(
                webhook_receive(
                    provider_name="dummy", body=body, headers={dummy.SIGNATURE_HEADER: header}
                )
            )
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(outcomes) == ["duplicate", "processed"]
    assert Payment.objects.filter(call=call).count() == 1
    call.refresh_from_db()
    assert call.status == CallStatus.PAID


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_open_one_checkout(postgres, call, doctor_user):
    barrier = threading.Barrier(2)
    ids, errors = [], []

    def click():
        try:
            barrier.wait()
            ids.append(checkout_start(call_id=call.pk, user=doctor_user, mode="full").pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 1
