"""The contact form: what the person writes, checked field by field, in French."""

from typing import Any

from django import forms

from contact.models import Topic
from councils.selectors import department_sort_key
from roll.data.geography import DEPARTMENTS
from roll.rpps import validate_rpps

MESSAGE_MAX_LENGTH = 2000

DEPARTMENT_CHOICES = [("", "Choisissez votre département")] + [
    (d.code, f"{d.code} — {d.name}")
    for d in sorted(DEPARTMENTS, key=lambda d: department_sort_key(d.code))
]
TOPIC_CHOICES = [("", "Choisissez le sujet de votre demande"), *list(Topic.choices)]


class ContactForm(forms.Form):
    sujet = forms.ChoiceField(
        label="Sujet",
        choices=TOPIC_CHOICES,
        error_messages={
            "required": "Choisissez le sujet de votre demande.",
            "invalid_choice": "Choisissez un sujet dans la liste.",
        },
    )
    departement = forms.ChoiceField(
        label="Département",
        choices=DEPARTMENT_CHOICES,
        help_text="Celui où vous exercez ou, si vous n’êtes pas médecin, celui qui vous concerne.",
        error_messages={
            "required": "Choisissez votre département.",
            "invalid_choice": "Choisissez un département dans la liste.",
        },
    )
    nom = forms.CharField(
        label="Nom et prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Indiquez votre nom."},
    )
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Nous vous répondrons à cette adresse.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )
    rpps = forms.CharField(
        label="Numéro RPPS (facultatif)",
        required=False,
        max_length=20,
        help_text="Si vous êtes médecin\u00a0: 11 chiffres, sur votre carte CPS.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    message = forms.CharField(
        label="Votre message",
        max_length=MESSAGE_MAX_LENGTH,
        help_text=(
            f"{MESSAGE_MAX_LENGTH} caractères au plus. N’y indiquez aucune information "
            "médicale sur un patient."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Écrivez votre message.",
            "max_length": (
                "Votre message dépasse %(limit_value)d caractères (il en compte "
                "%(show_value)d)\u00a0: raccourcissez-le."
            ),
        },
    )
    # A trap for robots: hidden from people and from screen readers (see the template).
    site_web = forms.CharField(label="Ne pas remplir", required=False)

    def clean_rpps(self) -> str:
        value: str = "".join(self.cleaned_data.get("rpps", "").split())
        if value:
            validate_rpps(value)
        return value

    def clean_nom(self) -> str:
        value: str = self.cleaned_data["nom"].strip()
        if not value:
            raise forms.ValidationError("Indiquez votre nom.")
        return value

    def is_trapped(self) -> bool:
        return bool(self.data.get("site_web", "").strip())

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "topic": data["sujet"],
            "department": data["departement"],
            "name": data["nom"],
            "email": data["email"],
            "rpps": data["rpps"],
            "message": data["message"],
        }
