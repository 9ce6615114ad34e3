"""HTML to PDF with WeasyPrint, for every document the portal prints (sheets, receipts...)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache

KEY_PREFIX = "pdf:"


def html_to_pdf(html: str, *, stylesheet: str, reuse: bool = False) -> bytes:
    """`stylesheet` is a static path. The render fetches nothing from the network or the disk:
    only data: URLs (a QR code) are allowed, whatever ends up in the HTML.

    With `reuse`, the PDF is kept in the cache for `PDF_CACHE_SECONDS` under a hash of the
    HTML and the stylesheet: the same HTML is the same document, so nothing needs invalidating.
    A receipt is rendered by the worker for its confirmation email and downloaded minutes
    later; WeasyPrint took 120 ms of a web worker at p50 in the deadline rush (`make load`).
    """
    found = finders.find(stylesheet)
    if not isinstance(found, str):
        raise FileNotFoundError(f"static stylesheet {stylesheet!r} not found")
    css_text = Path(found).read_text(encoding="utf-8")
    seconds = settings.PDF_CACHE_SECONDS if reuse else 0
    key = ""
    if seconds:
        digest = hashlib.sha256(f"{stylesheet}\0{css_text}\0{html}".encode()).hexdigest()
        key = KEY_PREFIX + digest
        kept = cache.get(key)
        if isinstance(kept, bytes):
            return kept
    pdf = _render(html, css_text)
    if key:
        cache.set(key, pdf, seconds)
    return pdf


def renderer_warm() -> None:
    """Import WeasyPrint and load its fonts with a one-line document (portal.warmup): a web
    worker's first PDF otherwise paid 0.5 s in-process and up to 2.4 s under the rush. It adds
    28 MB to gunicorn's master (172 instead of 144 MB), shared by the workers forked from it."""
    _render("<p>Ordre des médecins</p>", "")


def _render(html: str, css_text: str) -> bytes:
    # Imported here: WeasyPrint costs ~1 s and ~30 MB at import, which Celery workers and
    # management commands that never print would otherwise pay at start-up. Web processes
    # get it from portal.warmup, in gunicorn's master, shared by the workers forked from it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    css = CSS(string=css_text, url_fetcher=fetcher)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css]) or b"")
