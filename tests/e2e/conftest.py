"""Browser journeys: Debian's Chromium driven by Playwright against a live server.

Never a downloaded browser: `/usr/bin/chromium` from the `chromium` package. axe-core comes
from npm (package.json). Without either, these tests skip (or fail under REQUIRE_SERVICES=1).
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, service_missing
from tests.factories import DoctorFactory
from tests.fixtures.vault import use_local_vault

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "var" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(autouse=True)
def _local_vault_and_dummy_payments(settings: Any, tmp_path: Path) -> None:
    """Every journey: the vault in a folder of its own, payments through the dummy provider
    (whatever PAYMENT_PROVIDER the environment sets)."""
    settings.PAYMENT_PROVIDER = "dummy"
    use_local_vault(settings, tmp_path / "vault")


@pytest.fixture
def paediatrician_in_nantes(db: None) -> None:
    """Dr Hélène Lefèbvre, the doctor the patient journeys look up in the directory."""
    DoctorFactory.create(
        first_name="Hélène",
        last_name="Lefèbvre",
        specialty="Pédiatrie",
        city="Nantes",
        department="44",
        postcode="44000",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        service_missing("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on("console", lambda msg: _record_csp(msg, violations))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
    _settle(page)
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def _settle(page: Any) -> None:
    """Let the browser's last requests (the favicon Chromium asks for after a page loads) be
    answered before the test's database is flushed: a request the live server was still
    answering held a lock the flush's TRUNCATE needed, and PostgreSQL broke the deadlock by
    failing the flush (and the next test, on the rows left behind)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # a page that keeps polling: closed anyway
        page.wait_for_load_state("networkidle", timeout=5_000)


def _record_csp(message: Any, violations: list[str]) -> None:
    if message.type != "error" or "Content Security Policy" not in message.text:
        return
    # A violation without a source is one of the test's own evaluated scripts: axe-core reads
    # a stylesheet's @import (the admin's forms.css has one) through a <style> element it adds,
    # which the CSP refuses. The portal's pages and static scripts always have a source URL.
    if not message.location.get("url"):
        return
    violations.append(f"{message.text} ({message.location['url']})")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        service_missing("axe-core is not installed (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def accessible(page: Any, axe_source: str):  # type: ignore[no-untyped-def]
    """Call `accessible()` on any page state: 0 axe violations of WCAG 2.1 A and AA."""

    def check(label: str = "") -> None:
        assert_accessible(page, axe_source, label)

    return check


def assert_accessible(page: Any, axe_source: str, label: str = "") -> None:
    """0 axe violations of WCAG 2.1 A and AA on `page` (any page of any browser context)."""
    # evaluate() runs through the DevTools protocol, outside the page's CSP.
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"axe on {label or page.url}:\n" + "\n".join(problems)
