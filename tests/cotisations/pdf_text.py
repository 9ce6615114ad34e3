"""The text a PDF of the dues shows, for assertions.

Neither pypdf nor poppler is installed, and WeasyPrint's PDFs store glyph ids, not text: the
document's HTML is laid out by WeasyPrint with the same stylesheet as the PDF, and the text of
every line box on its pages is read back, lines joined by a space (what is cut by a page or
hidden never shows).
"""

from django.contrib.staticfiles import finders


def laid_out_text(html: str) -> str:
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure.boxes import LineBox

    stylesheet = finders.find("cotisations/pdf.css")
    assert isinstance(stylesheet, str)
    document = HTML(string=html).render(stylesheets=[CSS(filename=stylesheet)])
    parts: list[str] = []

    def line_text(box) -> str:  # type: ignore[no-untyped-def]
        own = getattr(box, "text", None) or ""
        return own + "".join(line_text(c) for c in getattr(box, "children", None) or [])

    def walk(box) -> None:  # type: ignore[no-untyped-def]
        if isinstance(box, LineBox):
            parts.append(line_text(box))  # runs of one line read as written
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    # One space between runs, and no-break spaces read as spaces.
    return " ".join(" ".join(parts).replace("\u00a0", " ").replace("\u202f", " ").split())
