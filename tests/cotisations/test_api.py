import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cotisations.services.calls import payment_record_offline
from cotisations.services.campaigns import campaign_open_calls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_own_calls_with_balance_payments_and_links(call, doctor_user):
    other = UserFactory.create(email="autre@exemple.test", with_doctor=True)
    campaign_open_calls(campaign_id=call.campaign_id)
    payment = payment_record_offline(
        call_id=call.pk,
        amount_cents=36500,
        method="cheque",
        received_on=datetime.date(2027, 2, 1),
        reference="CHQ",
        actor=None,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=doctor_user).key}")
    data = api.get("/api/v1/cotisations/").json()
    assert len(data) == 1
    (item,) = data
    assert item["year"] == 2027
    assert item["amount_cents"] == 36500
    assert item["balance_cents"] == 0
    assert item["status"] == "paid"
    assert item["payments"][0]["receipt_url"].endswith(f"/espace/cotisations/recus/{payment.pk}/")
    assert item["attestation_url"].endswith("/espace/cotisations/2027/attestation/")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other).key}")
    theirs = api.get("/api/v1/cotisations/").json()
    assert len(theirs) == 1
    assert theirs[0]["payments"] == []


def test_anonymous_and_unclaimed(client, db):
    assert APIClient().get("/api/v1/cotisations/").status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(UserFactory.create(email="sans@exemple.test"))
    assert api.get("/api/v1/cotisations/").json() == []
