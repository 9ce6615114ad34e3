"""Forms of the doctor's vault pages (French labels and field-level messages)."""

from typing import Any

from django import forms

from accounts.models import User
from vault.models import Folder


class FolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Folder) -> str:
        return obj.name


class UploadForm(forms.Form):
    """Files arrive through the upload handler; this form carries the other fields."""

    folder = FolderChoiceField(
        label="Dossier",
        queryset=Folder.objects.none(),
        required=False,
        empty_label="Aucun dossier",
    )
    expires_on = forms.DateField(
        label="Date d’expiration (facultatif)",
        required=False,
        help_text="Pour une attestation d’assurance, par exemple\u00a0: nous vous préviendrons "
        "par courriel 30 jours avant.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Indiquez une date valide, par exemple 31/12/2027."},
    )
    # Set by the document page's « Déposer une nouvelle version » form.
    version_of = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = Folder.objects.filter(owner=owner)  # type: ignore[attr-defined]


class DocumentEditForm(forms.Form):
    display_name = forms.CharField(
        label="Nom du document",
        max_length=200,
        error_messages={"required": "Indiquez un nom pour ce document."},
    )
    folder = FolderChoiceField(
        label="Dossier",
        queryset=Folder.objects.none(),
        required=False,
        empty_label="Aucun dossier",
    )
    expires_on = forms.DateField(
        label="Date d’expiration (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Indiquez une date valide, par exemple 31/12/2027."},
    )
    description = forms.CharField(
        label="Description (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Quelques mots pour retrouver ce document. Ils sont pris en compte par la "
        "recherche, contrairement au contenu du fichier, qui reste chiffré.",
        error_messages={"max_length": "La description est limitée à 1\u00a0000 caractères."},
    )
    tags = forms.CharField(
        label="Mots-clés (facultatif)",
        max_length=500,
        required=False,
        help_text="Séparés par des virgules, par exemple\u00a0: assurance, RCP, 2027.",
        error_messages={"max_length": "Les mots-clés sont limités à 500 caractères."},
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = Folder.objects.filter(owner=owner)  # type: ignore[attr-defined]


class FolderForm(forms.Form):
    name = forms.CharField(
        label="Nom du nouveau dossier",
        max_length=100,
        error_messages={"required": "Indiquez un nom pour ce dossier."},
    )
