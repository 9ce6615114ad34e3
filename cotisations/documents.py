"""PDF receipts and attestations, rendered with WeasyPrint from HTML templates."""

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from cotisations.models import Attestation, Payment
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


def _pdf(template: str, context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string(template, context), stylesheet="cotisations/pdf.css")


def receipt_pdf(*, payment: Payment) -> bytes:
    call = payment.call
    return _pdf(
        "cotisations/pdf/receipt.html",
        {"payment": payment, "call": call, "doctor": call.doctor, "campaign": call.campaign},
    )


def attestation_pdf(*, attestation: Attestation) -> bytes:
    call = attestation.call
    url = verification_url(attestation.code)
    return _pdf(
        "cotisations/pdf/attestation.html",
        {
            "attestation": attestation,
            "call": call,
            "doctor": call.doctor,
            "campaign": call.campaign,
            "verification_url": url,
            "qr": qr_data_uri(url),
        },
    )
