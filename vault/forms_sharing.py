"""The form that shares a document or a folder with a colleague (French labels and errors)."""

from django import forms

from vault.models_sharing import SHARE_MESSAGE_MAX_LENGTH


class ShareForm(forms.Form):
    """Only the shapes are checked here; who may receive and until when: vault.sharing."""

    rpps = forms.CharField(
        label="Numéro RPPS de votre confrère",
        max_length=20,
        required=False,
        help_text="11 chiffres, tels qu’ils figurent dans l’annuaire de l’Ordre.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label="Accessible jusqu’au (inclus)",
        required=False,
        help_text="7 jours si vous ne choisissez pas, 90 jours au plus.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Indiquez une date valide, par exemple 31/12/2027."},
    )
    message = forms.CharField(
        label="Message pour votre confrère (facultatif)",
        required=False,
        max_length=SHARE_MESSAGE_MAX_LENGTH,
        help_text=f"Joint au courriel qui le prévient, {SHARE_MESSAGE_MAX_LENGTH} caractères "
        "au plus. N’y indiquez pas de données de santé d’un patient.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"Votre message dépasse {SHARE_MESSAGE_MAX_LENGTH} caractères."
        },
    )
