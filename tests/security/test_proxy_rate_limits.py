"""R1 #1: behind the HTTPS proxy, rate limits stay per client, from the attacker's side.

gunicorn runs with production settings (deploy/gunicorn_conf.py, Redis, two workers) and this
test is the proxy: every request comes from 127.0.0.1 and carries the X-Forwarded-For the proxy
would append, one address per client. The same stack is started twice: as documented
(TRUSTED_PROXY_COUNT=1) and as every deployment was before (the header not read, here
TRUSTED_PROXY_COUNT=0), whose shared buckets the first half of each test measures.
"""

import time
from collections.abc import Iterator

import pytest
import requests

from tests.factories import TEST_PASSWORD, factory_rpps
from tests.security.proxy_stack import Portal, gunicorn, logs_in, production_env, seed

HONEST = 8  # honest clients, each with an account of their own and an address of their own


@pytest.fixture(scope="module")
def base_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = production_env(tmp_path_factory.mktemp("proxy"), DIRECTORY_RATE_LIMITS="5/m")
    seed(
        env,
        "from tests.factories import UserFactory\n"
        f"for n in range({HONEST + 2}):\n"
        "    UserFactory.create(email=f'medecin{n}@ordre.test')\n",
    )
    return env


MODES = {"proxy": "1", "ignored": "0", "unset": None}


def modes(*names: str) -> pytest.MarkDecorator:
    """Run a test against the portal started in each of these TRUSTED_PROXY_COUNT modes."""
    return pytest.mark.parametrize(
        "portal", [MODES[name] for name in names], ids=list(names), indirect=True, scope="module"
    )


@pytest.fixture(scope="module")
def portal(request: pytest.FixtureRequest, base_env: dict[str, str]) -> Iterator[Portal]:
    with gunicorn(base_env, request.param) as running:
        yield running


@pytest.fixture(autouse=True)
def _early_in_the_minute() -> None:
    """The per-minute limits count in fixed windows aligned on the epoch's minutes
    (portal/ratelimit.py): a burst that straddled two windows would be counted half in each
    and escape its limit. Each test starts its bursts in the first half of a minute; they last
    a few seconds. (The hourly claim limit keeps a ~0.3 % chance of straddling its hour.)"""
    into = time.time() % 60
    if into > 30:
        time.sleep(60 - into + 0.5)


def _client_address(n: int) -> str:
    return f"203.0.113.{n + 1}"


ATTACKER = "198.51.100.66"


# "unset" is refused outright: see test_forwarded_requests_are_refused_while_unset.
@modes("proxy", "ignored")
def test_login_failures_by_one_client_block_no_one_else(portal, request):
    mode = request.node.callspec.id
    attacker = portal.client(ATTACKER)
    victim = "medecin0@ordre.test"
    for _ in range(12):  # wrong passwords for the victim, then for everyone
        assert not logs_in(attacker, victim, "pas-le-bon-mot-de-passe")
    # The victim, from their own address, and every other doctor from theirs.
    blocked = [
        email
        for n, email in enumerate(f"medecin{n}@ordre.test" for n in range(HONEST + 1))
        if not logs_in(portal.client(_client_address(n)), email, TEST_PASSWORD)
    ]
    print(f"\n[{mode}] login: {len(blocked)} of {HONEST + 1} honest clients blocked")
    if mode == "ignored":
        # What the review found: one bucket for the whole site.
        assert len(blocked) == HONEST + 1
    else:
        assert blocked == []


# The prefix only matters once the header is read.
@modes("proxy")
def test_a_spoofed_forwarded_prefix_does_not_escape_the_attackers_limits(portal, request):
    for n in range(10):  # ten failures, each under a new forged "client address"
        forged = portal.client(ATTACKER, spoofed=f"10.9.8.{n}, 192.0.2.{n}")
        assert not logs_in(forged, f"medecin{n % 3}@ordre.test", "mauvais-mot-de-passe")
    # The attacker's own account, right password, yet another forged prefix: still the same
    # client (10 failures a minute per address).
    assert not logs_in(
        portal.client(ATTACKER, spoofed="10.200.0.1"), "medecin9@ordre.test", TEST_PASSWORD
    )
    statuses = [
        portal.client(ATTACKER, spoofed=f"172.16.0.{n}")
        .get("/annuaire/?q=Martin", expect=None)
        .status_code
        for n in range(7)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]


@modes("proxy", "ignored")
def test_claim_starts_and_searches_stay_per_client(portal, request):
    mode = request.node.callspec.id
    # Claim starts: 5 an hour per user and per address. One person each, from their own address.
    refused_claims = 0
    for n in range(6):
        browser = portal.client(_client_address(n))
        assert logs_in(browser, f"medecin{n}@ordre.test", TEST_PASSWORD)
        response = browser.post(
            "/espace/rattacher/", {"rpps": factory_rpps(90_000 + n)}, expect=None
        )  # type: ignore[arg-type]
        refused_claims += response.status_code == 429
    # Directory: 5 searches a minute per address. A scraper takes its share, then others search.
    scraper = portal.client(ATTACKER)
    scraped = [scraper.get("/annuaire/?q=Martin", expect=None).status_code for _ in range(7)]
    refused_searches = sum(
        portal.client(_client_address(n)).get("/annuaire/?q=Durand", expect=None).status_code == 429
        for n in range(HONEST)
    )
    print(
        f"\n[{mode}] claims: {refused_claims} of 6 people refused; "
        f"directory: {refused_searches} of {HONEST} other clients refused"
    )
    assert scraped[5:] == [429, 429]  # the scraper's own limit holds in both cases
    if mode == "ignored":
        assert (refused_claims, refused_searches) == (1, HONEST)
    else:
        assert (refused_claims, refused_searches) == (0, 0)


@modes("unset")
def test_forwarded_requests_are_refused_while_unset(portal):
    assert requests.get(portal.base + "/", timeout=10).status_code == 200
    forwarded = portal.client(ATTACKER).get("/", expect=None)
    assert forwarded.status_code == 500
