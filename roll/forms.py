"""The admin's upload form for a roll CSV file."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

# The whole roll (about 261,000 doctors) is some 40 MB of CSV.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class RollImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV",
        help_text=(
            "Fichier CSV encodé en UTF-8, colonnes séparées par « ; » ou « , ». La première "
            "ligne nomme les colonnes : rpps, civilite, nom, prenom, specialite, departement, "
            "date_inscription, statut, et si besoin adresse, code_postal, commune, email."
        ),
    )
    dry_run = forms.BooleanField(
        label="Vérifier seulement, sans rien enregistrer",
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "Ce fichier dépasse 100 Mo : importez-le en plusieurs parties ou avec la "
                "commande import_roll.",
                code="too_large",
            )
        return upload
