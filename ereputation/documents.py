"""The downloads filled in from an analysis: the DSA notice (text and PDF), the right-of-reply
letter, the evidence checklist. Rendered from templates in memory, never written to disk."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string

from ereputation.advice import Deadline
from ereputation.analysis import ReviewAnalysis
from ereputation.categories import PLATFORMS
from portal.pdf import html_to_pdf


@dataclass(frozen=True)
class Case:
    """Everything a document needs: the review as submitted and what the helper found."""

    text: str
    platform: str
    published_on: datetime.date
    url: str
    analysis: ReviewAnalysis
    deadline: Deadline
    notifier_name: str = ""
    notifier_email: str = ""

    @property
    def platform_label(self) -> str:
        return PLATFORMS[self.platform].label


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    template: str
    filename: str


DOCUMENTS: dict[str, DocumentKind] = {
    d.key: d
    for d in (
        DocumentKind(
            "dsa",
            "Notification de contenu illicite "
            "(article 16 du règlement sur les services numériques)",
            "ereputation/documents/dsa.txt",
            "notification-contenu-illicite",
        ),
        DocumentKind(
            "droit_de_reponse",
            "Demande d’insertion d’une réponse (droit de réponse en ligne)",
            "ereputation/documents/droit_de_reponse.txt",
            "droit-de-reponse",
        ),
        DocumentKind(
            "preuves",
            "Liste des preuves à conserver",
            "ereputation/documents/preuves.txt",
            "preuves-a-conserver",
        ),
    )
}


def document_text(kind: DocumentKind, case: Case, *, today: datetime.date) -> str:
    return render_to_string(kind.template, {"case": case, "kind": kind, "today": today})


def document_pdf(kind: DocumentKind, case: Case, *, today: datetime.date) -> bytes:
    paragraphs = [p.strip() for p in document_text(kind, case, today=today).split("\n\n")]
    html = render_to_string(
        "ereputation/documents/document_pdf.html",
        {"kind": kind, "paragraphs": [p for p in paragraphs if p]},
    )
    return html_to_pdf(html, stylesheet="cotisations/pdf.css")
