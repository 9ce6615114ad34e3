"""A sheet as a PDF (WeasyPrint), from the same sanitised HTML as its page."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from guides.models import Sheet
from guides.rendering import render_markdown


def _print_stylesheet() -> str:
    found = finders.find("guides/print.css")
    return Path(str(found)).read_text(encoding="utf-8") if found else ""


def sheet_pdf(*, sheet: Sheet, page_url: str) -> bytes:
    # Imported here: WeasyPrint costs ~1 s and ~30 MB at import, which every web and worker
    # process would otherwise pay at start-up for a rarely used download.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    rendered = render_markdown(sheet.body_markdown)
    document = render_to_string(
        "guides/sheet_pdf.html", {"sheet": sheet, "body": rendered.html, "page_url": page_url}
    )
    # The sanitised HTML keeps links but never images; even so, a PDF render fetches nothing
    # from the network or the disk: only data: URLs are allowed.
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=document, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_print_stylesheet(), url_fetcher=fetcher)]
    )
    return bytes(pdf or b"")
