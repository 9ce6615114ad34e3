"""PDF receipts, attestations and yearly statements, rendered with WeasyPrint from HTML templates.

Each document has its HTML (`*_html`, what the tests read) and its PDF, and a file name that
carries the year and the doctor's RPPS number, so that a doctor's or an accountant's folder of
downloads sorts itself.
"""

import base64
import io
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cotisations.models import Attestation, DuesCall, Payment, Receipt
from councils.models import Council
from councils.selectors import council_for_department, council_national
from portal.pdf import html_to_pdf


def public_url(path: str) -> str:
    """The portal's public address of `path`, for documents, emails and the payment provider."""
    return settings.SITE_URL + path


def verification_url(code: str) -> str:
    return public_url(reverse("cotisations:verify", args=[code]))


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (no file, no network)."""
    # Imported here, like WeasyPrint: only the processes that make documents need them.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def issuing_council(call: DuesCall) -> Council | None:
    """The council whose block a document of `call` carries: its departmental council (which
    collects the dues), else the national council."""
    return council_for_department(department=call.department) or council_national()


def payment_receipt(payment: Payment) -> Receipt | None:
    try:
        return payment.receipt
    except Receipt.DoesNotExist:
        return None


def receipt_filename(payment: Payment) -> str:
    """`recu-2027-000123-10003456789.pdf`."""
    receipt = payment_receipt(payment)
    number = receipt.number if receipt else f"{payment.call.campaign.year}-p{payment.pk}"
    return f"recu-{number}-{payment.call.doctor.rpps}.pdf"


def attestation_filename(call: DuesCall) -> str:
    return f"attestation-cotisation-{call.campaign.year}-{call.doctor.rpps}.pdf"


def statement_filename(call: DuesCall) -> str:
    return f"releve-cotisation-{call.campaign.year}-{call.doctor.rpps}.pdf"


def _context(call: DuesCall, **extra: object) -> dict[str, object]:
    return {
        "call": call,
        "doctor": call.doctor,
        "campaign": call.campaign,
        "council": issuing_council(call),
        **extra,
    }


def _pdf(html: str, *, reuse: bool = False) -> bytes:
    return html_to_pdf(html, stylesheet="cotisations/pdf.css", reuse=reuse)


def receipt_html(*, payment: Payment) -> str:
    context = _context(payment.call, payment=payment, receipt=payment_receipt(payment))
    return render_to_string("cotisations/pdf/receipt.html", context)


def receipt_pdf(*, payment: Payment) -> bytes:
    # Reused: the confirmation email's rendering (in the worker) serves the download after it.
    return _pdf(receipt_html(payment=payment), reuse=True)


def attestation_html(*, attestation: Attestation) -> str:
    url = verification_url(attestation.code)
    context = _context(
        attestation.call,
        attestation=attestation,
        issued_on=timezone.localdate(attestation.issued_at),
        verification_url=url,
        qr=qr_data_uri(url),
    )
    return render_to_string("cotisations/pdf/attestation.html", context)


def attestation_pdf(*, attestation: Attestation) -> bytes:
    return _pdf(attestation_html(attestation=attestation))


def statement_html(*, call: DuesCall, payments: list[Payment], today: date | None = None) -> str:
    """« Relevé annuel de cotisation »: the call, every payment (refunded and returned ones
    too, marked as such), and the balance on the day it is printed."""
    context = _context(
        call,
        payments=payments,
        issued_on=today or timezone.localdate(),
    )
    return render_to_string("cotisations/pdf/statement.html", context)


def statement_pdf(*, call: DuesCall, payments: list[Payment]) -> bytes:
    return _pdf(statement_html(call=call, payments=payments))
