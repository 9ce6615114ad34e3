"""A doctor logs in with Pro Santé Connect in Chromium, against the real provider process, and
reaches the vault without a second factor; then logs out of the portal and of PSC."""

import os
import re

import pytest

from deploy import psc_stub
from portal.settings.components.psc import psc_provider_settings
from tests.conftest import service_missing
from tests.e2e.helpers import click_and_load
from tests.factories import DoctorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("E2E_SHOTS_DIR", str(psc_stub.ROOT / "var" / "e2e"))


@pytest.fixture
def psc_live(live_server, settings, tmp_path):
    reason = psc_stub.missing()
    if reason:
        service_missing(reason)
    port = psc_stub.free_port(27200, 27300)
    with psc_stub.running(port=port, redirect_bases=[live_server.url], workdir=tmp_path) as stub:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "prosanteconnect": psc_provider_settings(
                client_id=psc_stub.CLIENT_ID,
                secret=psc_stub.CLIENT_SECRET,
                server_url=stub.discovery_url,
            )
        }
        settings.SITE_URL = live_server.url
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        settings.CONTENT_SECURITY_POLICY = {
            "DIRECTIVES": {**directives, "form-action": [*directives["form-action"], stub.base_url]}
        }
        settings.STORAGES = {
            **settings.STORAGES,
            "vault": {
                "BACKEND": "vault.storage.LocalVaultStorage",
                "OPTIONS": {"location": str(tmp_path / "vault")},
            },
        }
        yield stub


def test_doctor_logs_in_with_psc_and_opens_the_vault(page, accessible, psc_live):
    doctor = DoctorFactory(first_name="Claire", last_name="Lefèvre", email="claire@exemple.test")
    login = f"8{doctor.rpps}"
    psc_live.add(login, psc_stub.person(rpps=doctor.rpps, first_name="Claire", last_name="Lefèvre"))

    page.goto("/compte/login/")
    button = page.get_by_role("button", name="Se connecter avec Pro Santé Connect")
    button.wait_for()
    accessible("connexion avec le bouton Pro Santé Connect")
    os.makedirs(SHOTS, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{SHOTS}/psc-login-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/psc-login-1280.png", full_page=True)

    click_and_load(page, button)
    assert page.url.startswith(psc_live.base_url + "/interaction/")
    page.get_by_label("Identifiant national (carte e-CPS de test)").fill(login)
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(re.compile(r"/espace/connexions/psc/$"))
    assert "Votre compte est lié à Pro Santé Connect" in page.content()
    accessible("comparaison avec le tableau")

    click_and_load(page, page.get_by_role("link", name="Aller à mon espace"))
    page.get_by_role("link", name="Ouvrir mon coffre").click()
    page.wait_for_url(re.compile(r"/espace/coffre/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mon coffre")

    navigation = page.get_by_role("navigation", name="Navigation principale")
    click_and_load(page, navigation.get_by_role("button", name="Se déconnecter"))
    assert page.url.startswith(psc_live.base_url + "/auth/realms/esante-wallet/session/end")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/$"))
    page.goto("/espace/coffre/")
    assert "/compte/login/" in page.url
