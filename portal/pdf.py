"""HTML to PDF with WeasyPrint, for every document the portal prints (sheets, receipts...)."""

from pathlib import Path

from django.contrib.staticfiles import finders


def html_to_pdf(html: str, *, stylesheet: str) -> bytes:
    """`stylesheet` is a static path. The render fetches nothing from the network or the disk:
    only data: URLs (a QR code) are allowed, whatever ends up in the HTML.
    """
    # Imported here: WeasyPrint costs ~1 s and ~30 MB at import, which every web and worker
    # process would otherwise pay at start-up for a rarely used download.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    found = finders.find(stylesheet)
    if not isinstance(found, str):
        raise FileNotFoundError(f"static stylesheet {stylesheet!r} not found")
    fetcher = URLFetcher(allowed_protocols={"data"})
    css = CSS(string=Path(found).read_text(encoding="utf-8"), url_fetcher=fetcher)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css]) or b"")
