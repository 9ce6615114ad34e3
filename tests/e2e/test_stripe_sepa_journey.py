"""A doctor pays the dues by Stripe SEPA Debit in the browser, against the local fake Stripe.

The fake serves the hosted page (IBAN, mandate) and decides from Stripe's test IBAN what
test mode sends; the journey delivers those webhooks, signed with the SDK's helper, as time
passes: the page says « Prélèvement en cours », then « Réglée » (or the debit failed, or the
payer disputed it).
"""

import copy
import datetime
import re

import pytest
from django.test import Client

from cotisations.services.campaigns import campaign_open
from tests.auth_helpers import enable_totp
from tests.cotisations.fake_stripe import (
    DISPUTED,
    FAILS,
    LATE_SECONDS,
    SUCCEEDS,
    SUCCEEDS_LATE,
    TEST_IBANS,
    deliver,
    running_fake_stripe,
)
from tests.e2e.helpers import click_and_load, log_in_with_totp
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IBAN_OF = {outcome: iban for iban, outcome in TEST_IBANS.items() if iban.startswith("FR")}
# What the dues page says once test mode has sent everything for that IBAN.
FINAL = {
    SUCCEEDS: "Réglée",
    SUCCEEDS_LATE: "Réglée",
    FAILS: "À régler",
    DISPUTED: "À régler",
}


@pytest.fixture
def fake(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    with running_fake_stripe(settings) as fake:
        fake.hosted_base = settings.STRIPE_API_BASE
        # The hosted page is the fake's, not checkout.stripe.com: the CSP lets the form go
        # there as production lets it go to Stripe (portal/settings/base.py).
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = [
            *policy["DIRECTIVES"]["form-action"],
            fake.hosted_base,
        ]
        settings.CONTENT_SECURITY_POLICY = policy
        yield fake


@pytest.mark.parametrize("outcome", [SUCCEEDS, SUCCEEDS_LATE, FAILS, DISPUTED])
def test_doctor_pays_by_sepa_debit_and_sees_it_through(page, accessible, fake, outcome):
    user = UserFactory.create(email="paul.girard@exemple.test")
    user.doctor = DoctorFactory(first_name="Paul", last_name="Girard")
    user.save(update_fields=["doctor"])
    secret = enable_totp(user)
    campaign_open(year=datetime.date.today().year)
    stripe = Client()  # Stripe's side: webhooks to the portal

    log_in_with_totp(page, accessible, user.email, secret)
    page.goto("/espace/cotisations/")
    accessible("mes cotisations, prélèvement proposé")
    click_and_load(page, page.get_by_role("button", name="Payer par prélèvement SEPA"))

    # Stripe's hosted page (the fake's): the IBAN, the mandate accepted.
    page.get_by_label("IBAN").fill(IBAN_OF[outcome])
    click_and_load(page, page.get_by_role("button", name="Accepter le mandat et payer"))
    page.wait_for_url(re.compile(r"/espace/cotisations/retour/"))
    [timeline] = fake.timelines.values()

    # The debit is submitted: « Prélèvement en cours », not paid, no second payment offered.
    timeline = deliver(stripe, timeline[:1], until=0) + timeline[1:]
    page.reload()
    page.get_by_text("Prélèvement en cours.").wait_for()
    accessible("retour : prélèvement en cours")
    page.goto("/espace/cotisations/")
    assert page.locator(".dues-status").inner_text() == "Prélèvement en cours"
    assert page.get_by_role("button", name=re.compile("en une fois")).count() == 0
    accessible("mes cotisations, prélèvement en cours")

    # Days later, the bank answers (three minutes later in test mode for the late IBANs).
    timeline = deliver(stripe, timeline, until=0)
    if timeline:
        page.reload()
        assert page.locator(".dues-status").inner_text() == "Prélèvement en cours"
        timeline = deliver(stripe, timeline, until=LATE_SECONDS)
    assert timeline == []
    page.reload()
    assert page.locator(".dues-status").inner_text() == FINAL[outcome]
    accessible(f"mes cotisations, {outcome}")
    if outcome in (SUCCEEDS, SUCCEEDS_LATE):
        assert page.get_by_role("link", name=re.compile("Télécharger mon attestation")).count()
    elif outcome == FAILS:
        # Reopened: paying again is offered.
        assert page.get_by_role("button", name="Payer par prélèvement SEPA").count() == 1
    else:
        assert page.get_by_role("cell", name="Contesté").count() == 1
        assert page.get_by_role("button", name=re.compile("en une fois")).count() == 1
