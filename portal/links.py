"""Staff-entered links, read the way browsers read them (WHATWG URL parsing).

A browser strips leading and trailing C0 controls and spaces, removes every ASCII tab and
newline anywhere in the URL, and treats a backslash like a slash in http(s) URLs. So
"/\\t/evil.example/" and "/\\\\evil.example/" both leave the site although they start with one
slash. Every check on a staff-entered URL goes through :func:`link_browser_form` first.
"""

import re

_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def link_browser_form(url: str) -> str:
    """`url` as a browser parses it before resolving it (controls stripped, tabs removed)."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)).replace("\\", "/")


def link_is_clean(url: str) -> bool:
    """True when the browser reads exactly what was written: no control character, no
    backslash, no surrounding space. Staff links must be clean to be accepted."""
    return not _CONTROL.search(url) and "\\" not in url and url == url.strip()


def link_is_internal(url: str) -> bool:
    """True when a browser keeps `url` on the portal (a path, not "//host" in any disguise)."""
    parsed = link_browser_form(url)
    return parsed.startswith("/") and not parsed.startswith("//")
