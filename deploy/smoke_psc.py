"""The Pro Santé Connect steps of the smoke scenario: the stand-in provider (npm's
oidc-provider, deploy/psc_provider.mjs) started beside the stack, and a doctor of the roll who
logs in through it over HTTP, reaches the vault, and logs out of the portal and of PSC."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from deploy import psc_stub
from deploy.smoke_client import Browser, StepFailed, location
from deploy.stack import Stack, free_port, pg_query, wait_until


def start_psc(stack: Stack, env: dict[str, str]) -> psc_stub.PSCStub:
    """Start the stand-in for the portal at env["SITE_URL"]; sets the PSC_* variables in `env`
    (before the web processes start)."""
    reason = psc_stub.missing()
    if reason:
        raise RuntimeError(f"Pro Santé Connect stand-in: {reason}")
    # The redirect_uri is built on SITE_URL (the first web process), whichever process
    # answers; the smoke client follows only its path.
    stub, node_env = psc_stub.prepare(
        port=free_port(), redirect_bases=[env["SITE_URL"]], workdir=stack.workdir
    )
    stub.process = stack.start("psc", psc_stub.COMMAND, node_env).popen
    wait_until("PSC stand-in", lambda: _ready(stub), timeout=30)
    env["PSC_CLIENT_ID"] = psc_stub.CLIENT_ID
    env["PSC_CLIENT_SECRET"] = psc_stub.CLIENT_SECRET
    env["PSC_SERVER_URL"] = stub.discovery_url
    return stub


def _ready(stub: psc_stub.PSCStub) -> bool:
    import requests

    try:
        return requests.get(stub.base_url + "/healthz", timeout=1).ok
    except requests.RequestException:
        return False


class PscSteps:
    """Mixed into deploy.smoke.Scenario, whose fields these are."""

    stack: Stack
    browser: Browser
    env: dict[str, str]
    state: dict[str, Any]
    psc: psc_stub.PSCStub | None

    def psc_login(self) -> str:
        """Another doctor of the roll, never seen by the portal, logs in with PSC: the account
        is created and claimed in one step, and the vault opens without a second factor."""
        assert self.psc is not None
        rows = pg_query(
            self.env["DATABASE_URL"],
            "SELECT rpps, last_name FROM roll_doctor WHERE status = 'active' AND email <> '' "
            "AND rpps <> %s ORDER BY rpps DESC LIMIT 1",
            (self.state["rpps"],),
        )
        rpps, last_name = (str(value) for value in rows[0])
        login = f"8{rpps}"
        self.psc.add(login, psc_stub.person(rpps=rpps, last_name=last_name))
        doctor = Browser(self.browser.bases)
        page = doctor.get("/compte/login/").text
        if "Se connecter avec Pro Santé Connect" not in page:
            raise StepFailed("no Pro Santé Connect button on the login page")
        start = doctor.post("/compte/psc/connexion/", {}, page=page)
        authorize = location(start)
        query = parse_qs(urlsplit(authorize).query)
        if query.get("acr_values") != ["eidas1"] or query.get("code_challenge_method") != ["S256"]:
            raise StepFailed(f"the authorization request lacks acr_values or PKCE: {authorize}")
        callback = self.psc.authorize(authorize, login)
        parts = urlsplit(callback)
        # Back on the other web process than the one that started the login.
        landed = doctor.get(f"{parts.path}?{parts.query}", expect=302)
        if not location(landed).endswith("/espace/connexions/psc/"):
            raise StepFailed(f"the PSC callback went to {location(landed)}")
        doctor.get("/espace/connexions/psc/")
        vault = doctor.get("/espace/coffre/")
        if "coffre" not in vault.text.lower():
            raise StepFailed("the vault did not open after the PSC login")
        logout = doctor.post("/compte/logout/", {}, form_path="/espace/")
        end_session = location(logout)
        if not end_session.startswith(self.psc.base_url):
            raise StepFailed(f"the logout did not go to PSC: {end_session}")
        self.state["psc_id_token"] = parse_qs(urlsplit(end_session).query)["id_token_hint"][0]
        back = self.psc.end_session(end_session)
        return f"RPPS …{rpps[-4:]} claimed through PSC, vault opened, logged out to {back}"
