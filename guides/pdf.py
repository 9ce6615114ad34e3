"""A sheet as a PDF (WeasyPrint), from the same sanitised HTML as its page."""

from django.template.loader import render_to_string

from guides.models import Sheet
from guides.rendering import render_markdown
from portal.pdf import html_to_pdf


def sheet_pdf(*, sheet: Sheet, page_url: str) -> bytes:
    rendered = render_markdown(sheet.body_markdown)
    document = render_to_string(
        "guides/sheet_pdf.html", {"sheet": sheet, "body": rendered.html, "page_url": page_url}
    )
    # The sanitised HTML keeps links but never images; the render fetches nothing anyway.
    return html_to_pdf(document, stylesheet="guides/print.css")
