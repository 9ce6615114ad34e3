"""The mandate as a PDF, for the doctor to keep (WeasyPrint, through portal.pdf)."""

from django.conf import settings
from django.template.loader import render_to_string

from debits.models import Mandate
from portal.pdf import html_to_pdf


def creditor_context() -> dict[str, str]:
    return {
        "creditor_name": settings.SEPA_CREDITOR_NAME,
        "creditor_id": settings.SEPA_CREDITOR_ID,
        "creditor_address": settings.SEPA_CREDITOR_ADDRESS,
    }


def mandate_pdf(*, mandate: Mandate) -> bytes:
    html = render_to_string("debits/pdf/mandate.html", {"mandate": mandate, **creditor_context()})
    return html_to_pdf(html, stylesheet="cotisations/pdf.css")
