"""Runs the Pro Santé Connect stand-in (deploy/psc_provider.mjs) and plays a doctor on it.

Shared by the tests' fixtures, the browser journey and `make smoke`: start it on a port, give
it test people (`person`), and drive its login page over HTTP (`authorize`) as a browser would.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "psc_provider.mjs"
COMMAND = ["node", str(SCRIPT)]
REALM = "/auth/realms/esante-wallet"
DISCOVERY_PATH = f"{REALM}/.well-known/wallet-openid-configuration"
CLIENT_ID = "ordre-portail"
JWT_CLIENT_ID = "ordre-portail-jwt"  # the same portal, userinfo served as a signed JWT
CLIENT_SECRET = "secret-de-test-psc"  # noqa: S105 - the stand-in's own test client
CALLBACK_PATH = "/compte/psc/connexion/retour/"


def missing() -> str:
    """Why the stand-in cannot run here, or ""."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return "npm's oidc-provider is not installed (npm install)"
    return ""


def free_port(start: int, end: int) -> int:
    for port in range(start, end):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}-{end}")


def person(
    *,
    rpps: str,
    sub: str = "",
    acr: str | None = "eidas1",
    profession: str = "10",
    first_name: str = "Anne",
    last_name: str = "Durand",
    specialty_code: str = "SM54",
    email: str = "",
    tamper: str = "",
    id_nat: str | None = None,
) -> dict[str, Any]:
    """A PSC test person, with the claims of PSC's userinfo (SubjectNameID, otherIds,
    SubjectRefPro)."""
    id_nat = f"8{rpps}" if id_nat is None else id_nat
    claims: dict[str, Any] = {
        "SubjectNameID": id_nat,
        "preferred_username": id_nat,
        "given_name": first_name,
        "family_name": last_name,
        "otherIds": [{"identifiant": rpps, "origine": "RPPS", "qualite": 1}],
        "SubjectRefPro": {
            "codeCivilite": "MME",
            "exercices": [
                {
                    "codeProfession": profession,
                    "codeCategorieProfessionnelle": "C",
                    "codeCiviliteDExercice": "DR",
                    "nomDExercice": last_name,
                    "prenomDExercice": first_name,
                    "codeTypeSavoirFaire": "S",
                    "codeSavoirFaire": specialty_code,
                    "activites": [],
                }
            ],
        },
    }
    if email:
        claims["email"] = email
    return {"sub": sub or f"psc-{id_nat}", "acr": acr, "tamper": tamper, "claims": claims}


@dataclass
class PSCStub:
    port: int
    accounts_path: Path
    process: subprocess.Popen[bytes] | None = None
    people: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return self.base_url + DISCOVERY_PATH

    def add(self, login: str, data: dict[str, Any]) -> None:
        """Give (or replace) the test person who types `login` on the e-CPS page."""
        self.people[login] = data
        tmp = self.accounts_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.people), encoding="utf-8")
        tmp.replace(self.accounts_path)

    def authorize(self, authorize_url: str, login: str, *, session: Any = None) -> str:
        """Follow PSC's pages from the authorization URL, log in as `login`; returns the
        portal URL PSC redirects to (the callback with `code` and `state`, or an error)."""
        http = session or requests.Session()
        response = http.get(authorize_url, allow_redirects=False, timeout=10)
        url = authorize_url
        for _ in range(10):
            if response.status_code in (301, 302, 303):
                url = urljoin(url, response.headers["Location"])
                if not url.startswith(self.base_url):
                    return url
                response = http.get(url, allow_redirects=False, timeout=10)
            elif response.status_code == 200 and "/interaction/" in url:
                response = http.post(
                    f"{url}/login", data={"login": login}, allow_redirects=False, timeout=10
                )
                url = f"{url}/login"
            else:
                raise AssertionError(f"PSC answered {response.status_code}: {response.text[:300]}")
        raise AssertionError("too many redirects on PSC")

    def end_session(self, end_session_url: str, *, session: Any = None) -> str:
        """Confirm PSC's logout page; returns where PSC sends the browser back."""
        http = session or requests.Session()
        page = http.get(end_session_url, timeout=10)
        page.raise_for_status()
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)
        assert action, page.text[:500]
        assert xsrf, page.text[:500]
        response = http.post(
            urljoin(page.url, action.group(1)),
            data={"xsrf": xsrf.group(1), "logout": "yes"},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code in (302, 303), response.text[:300]
        return urljoin(page.url, response.headers["Location"])


def prepare(
    *, port: int, redirect_bases: list[str], workdir: Path
) -> tuple[PSCStub, dict[str, str]]:
    """The stand-in's handle and the environment to start `node deploy/psc_provider.mjs` with,
    for a portal answering at each of `redirect_bases`."""
    stub = PSCStub(port=port, accounts_path=workdir / "psc-accounts.json")
    stub.add("_", person(rpps="00000000000", sub="nobody"))
    clients = [
        {
            "client_id": client_id,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [base + CALLBACK_PATH for base in redirect_bases],
            "post_logout_redirect_uris": [base + "/" for base in redirect_bases],
            "userinfo_jwt": client_id == JWT_CLIENT_ID,
        }
        for client_id in (CLIENT_ID, JWT_CLIENT_ID)
    ]
    env = {
        **os.environ,
        "PSC_OP_PORT": str(port),
        "PSC_OP_ACCOUNTS": str(stub.accounts_path),
        "PSC_OP_CLIENTS": json.dumps(clients),
    }
    return stub, env


def wait_ready(stub: PSCStub, process: subprocess.Popen[bytes], *, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError("the PSC stand-in exited")
        try:
            if requests.get(stub.base_url + "/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the PSC stand-in did not start in {timeout:.0f} s")
        time.sleep(0.1)


@contextmanager
def running(*, port: int, redirect_bases: list[str], workdir: Path) -> Iterator[PSCStub]:
    """The stand-in on 127.0.0.1:`port` for the duration of the block (tests)."""
    stub, env = prepare(port=port, redirect_bases=redirect_bases, workdir=workdir)
    with (workdir / "psc-provider.log").open("wb") as log:
        stub.process = subprocess.Popen(  # noqa: S603 - our own command line
            COMMAND, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_ready(stub, stub.process)
        yield stub
    finally:
        stub.process.terminate()
        try:
            stub.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            stub.process.kill()
            stub.process.wait()
