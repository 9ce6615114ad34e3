"""The doctor's exemption request form, the document form, and staff's decision form."""

from typing import Any

from django import forms

from exemptions.models import ExemptionKind, ExemptionReason, ExemptionStatus
from exemptions.uploads import MAX_FILE_BYTES, MAX_FILES
from portal.french_format import french_size

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """The files themselves are staged (encrypted) by the upload handler before the form is
    read: the field only renders the input and carries its errors."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> None:
        return None


DOCUMENTS_HELP = (
    f"PDF, JPEG ou PNG, {french_size(MAX_FILE_BYTES)} au plus chacun, {MAX_FILES} fichiers "
    "au plus par envoi\u00a0: par exemple un avis d’imposition, un arrêt de travail ou une "
    "attestation. Ils sont chiffrés dès leur réception."
)


class ExemptionRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Ce que vous demandez",
        choices=ExemptionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une exonération totale ou de moitié."},
    )
    reason = forms.ChoiceField(
        label="Motif",
        choices=[("", "Choisissez un motif"), *ExemptionReason.choices],
        error_messages={"required": "Choisissez le motif de votre demande."},
    )
    explanation = forms.CharField(
        label="Votre situation, en quelques lignes",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={
            "required": "Expliquez votre situation en quelques lignes\u00a0: votre conseil "
            "en a besoin pour décider."
        },
    )
    documents = DocumentsField(label="Justificatifs (facultatif)", help_text=DOCUMENTS_HELP)


class ExemptionDocumentForm(forms.Form):
    documents = DocumentsField(label="Ajouter des justificatifs", help_text=DOCUMENTS_HELP)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[
            (ExemptionStatus.GRANTED_TOTAL, "Accorder une exonération totale"),
            (ExemptionStatus.GRANTED_HALF, "Accorder une exonération de moitié"),
            (ExemptionStatus.REFUSED, "Refuser"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une décision."},
    )
    reason = forms.CharField(
        label="Motif de la décision",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire\u00a0: il est envoyé au médecin.",
        error_messages={
            "required": "Indiquez le motif de la décision\u00a0: il est envoyé au médecin."
        },
    )
