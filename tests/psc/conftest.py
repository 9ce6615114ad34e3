"""A real OpenID Connect provider for the PSC tests: deploy/psc_provider.mjs (npm's
oidc-provider), started once per run on a port of 27000-27999 and stopped after. Without
node or the npm package the tests skip (fail under REQUIRE_SERVICES=1)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from deploy import psc_stub
from portal.settings.components.psc import psc_provider_settings
from tests.conftest import service_missing

TEST_BASE = "http://testserver"


@pytest.fixture(scope="session")
def psc_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[psc_stub.PSCStub]:
    reason = psc_stub.missing()
    if reason:
        service_missing(reason)
    port = psc_stub.free_port(27100, 27200)
    workdir = tmp_path_factory.mktemp("psc")
    with psc_stub.running(port=port, redirect_bases=[TEST_BASE], workdir=workdir) as stub:
        yield stub


@dataclass
class PSC:
    stub: psc_stub.PSCStub
    settings: Any
    capture: Any

    def use_client(self, client_id: str) -> None:
        self.settings.SOCIALACCOUNT_PROVIDERS = {
            "prosanteconnect": psc_provider_settings(
                client_id=client_id,
                secret=psc_stub.CLIENT_SECRET,
                server_url=self.stub.discovery_url,
            )
        }

    def start(self, client: Client, **data: str) -> Any:
        """Press the PSC button; returns the portal's redirect to PSC."""
        response = client.post(reverse("psc_login"), data)
        assert response.status_code == 302, response
        return response

    def login(self, client: Client, login: str, **data: str) -> Any:
        """The whole round trip: button, PSC's page as `login`, back to the callback (its
        after-commit work, such as the « compte rattaché » email, done)."""
        callback = self.callback_url(client, login, **data)
        with self.capture(execute=True):
            return client.get(callback)

    def callback_url(self, client: Client, login: str, **data: str) -> str:
        authorize = self.start(client, **data)["Location"]
        callback = self.stub.authorize(authorize, login)
        assert callback.startswith(TEST_BASE), callback
        return callback.removeprefix(TEST_BASE)


@pytest.fixture
def psc(
    psc_process: psc_stub.PSCStub, settings: Any, django_capture_on_commit_callbacks: Any
) -> PSC:
    helper = PSC(stub=psc_process, settings=settings, capture=django_capture_on_commit_callbacks)
    helper.use_client(psc_stub.CLIENT_ID)
    settings.SITE_URL = TEST_BASE
    return helper


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
