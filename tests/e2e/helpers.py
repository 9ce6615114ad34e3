"""Steps the journeys share: finding fields by their label, logging in with a second factor."""

import re
import time
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.auth_helpers import totp_now
from tests.factories import TEST_PASSWORD

# The second factor's one field, for the app's code or a recovery code.
CODE_LABEL = "Code de l’application ou code de secours"

# Focus must be visible (WCAG 2.4.7): an outline or a box-shadow on the focused element.
FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return {
    visible: Boolean(outline || shadow),
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '')
      .trim().slice(0, 80),
    href: el.getAttribute('href'),
  };
}"""


def field(page: Any, label: str) -> Any:
    """The input whose label reads `label`, whatever punctuation follows (« : », « * »)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}[\s:\u00a0*]*$"))


def click_and_load(page: Any, control: Any) -> None:
    """Click a link or submit button and wait for the page it leads to.

    `wait_for_load_state` alone returns at once while the old page is still loaded, and a
    `wait_for_url` pattern can match the form's own URL: both race the navigation.
    """
    with page.expect_navigation(wait_until="load"):
        control.click()


def submit_login(page: Any, email: str) -> None:
    """Type `email` and TEST_PASSWORD into allauth's login form and send it."""
    field(page, "Adresse électronique").fill(email)
    field(page, "Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def log_in_with_totp(
    page: Any, accessible: Any, email: str, secret: str, next_url: str = "/espace/"
) -> None:
    """Password, then the code of the authenticator app, through allauth's own pages."""
    page.goto(f"/compte/login/?next={next_url}")
    accessible("connexion")
    submit_login(page, email)
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    accessible("second facteur")
    arrived = re.compile(re.escape(next_url) + "$")
    for attempt in range(2):
        field(page, CODE_LABEL).fill(totp_now(secret))
        page.locator("main form button[type=submit]").first.click()
        try:
            page.wait_for_url(arrived, timeout=20_000 if attempt == 0 else 30_000)
            return
        except PlaywrightTimeoutError:
            page.wait_for_load_state("load")
            # A code typed in the last instant of its 30 s window arrives expired (allauth
            # allows no drift): the page asks again, as it would a person; the next one does.
            if attempt or "/2fa/authenticate/" not in page.url:
                raise
            time.sleep(30 - time.time() % 30 + 0.5)


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus, asserting that it is shown on screen."""
    info = page.evaluate(FOCUS_STYLE_JS)
    assert info is not None, f"nothing focused on {page.url}"
    assert info["visible"], f"focus not visible on {info} at {page.url}"
    return info


def tab_to(
    page: Any, predicate: Any, *, limit: int = 80, backwards: bool = False
) -> dict[str, Any]:
    """Press Tab until the focused control satisfies `predicate`; every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = focused(page)
        if predicate(info):
            return info
    raise AssertionError(f"not reached by keyboard within {limit} Tab presses on {page.url}")
