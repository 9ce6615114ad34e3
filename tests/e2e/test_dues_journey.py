"""A doctor pays the year's dues with the dummy provider and downloads the attestation."""

import datetime
import re
from pathlib import Path

import pytest

from cotisations.services.campaigns import campaign_open
from tests.auth_helpers import enable_totp
from tests.e2e.helpers import log_in_with_totp
from tests.factories import DoctorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_doctor_pays_the_dues_and_downloads_the_attestation(page, accessible):
    user = UserFactory.create(
        email="anne.moreau@exemple.test",
        doctor=DoctorFactory.create(first_name="Anne", last_name="Moreau"),
    )
    secret = enable_totp(user)
    year = datetime.date.today().year
    campaign_open(year=year)

    log_in_with_totp(page, accessible, user.email, secret)
    page.get_by_role("link", name="Payer ma cotisation").click()
    page.wait_for_url(re.compile(r"/espace/cotisations/$"))
    accessible("mes cotisations")
    page.get_by_role("button", name=re.compile(r"^Payer .* en une fois$")).click()

    page.wait_for_url(re.compile(r"/paiement-test/"))
    accessible("page de paiement (test)")
    page.get_by_role("button", name="Payer", exact=True).click()
    page.wait_for_url(re.compile(r"/espace/cotisations/retour/"))
    accessible("retour du paiement")

    page.goto("/espace/cotisations/")
    accessible("cotisation payée")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger mon attestation")).click()
    download = download_info.value
    rpps = user.doctor.rpps
    assert download.suggested_filename == f"attestation-cotisation-{year}-{rpps}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
