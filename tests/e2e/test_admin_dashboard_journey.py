"""Staff land on the admin index, see what waits and open the filtered list in one click."""

import os

import pytest

from registrations.models import RegistrationRequest, RegistrationStatus
from tests.auth_helpers import enable_totp
from tests.e2e.helpers import log_in_with_totp
from tests.factories import RegistrationRequestFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def test_staff_open_the_registrations_to_review_from_the_panel(page, accessible):
    staff = UserFactory.create(email="accueil@ordre.test", staff=True)
    secret = enable_totp(staff)
    student = UserFactory.create(email="interne@exemple.test")
    request = RegistrationRequestFactory.create(
        complete=True, user=student, email=student.email, specialty=None
    )
    RegistrationRequest.objects.filter(pk=request.pk).update(status=RegistrationStatus.SUBMITTED)

    log_in_with_totp(page, accessible, staff.email, secret, next_url="/admin/")
    panel = page.locator("#waiting-module")
    assert panel.locator("caption").text_content() == "À traiter"
    row = panel.locator("tr").filter(has_text="Demandes de première inscription à examiner")
    assert row.locator("td").inner_text() == "1"
    accessible("index de l’administration")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/admin-index-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/admin-index-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        row.get_by_role("link").click()
    assert "status__exact=submitted" in page.url
    assert page.locator("#result_list tbody tr").count() == 1
