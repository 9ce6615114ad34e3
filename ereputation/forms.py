import datetime

from django import forms
from django.utils import timezone

from ereputation.categories import PLATFORM_CHOICES
from ereputation.secrecy import MAX_REPLY_LENGTH

MAX_REVIEW_LENGTH = 5000


class ReviewForm(forms.Form):
    """The review as the doctor pasted it; carried in hidden fields by the later steps, never
    stored unless the doctor keeps the analysis."""

    text = forms.CharField(
        label="Texte de l’avis",
        max_length=MAX_REVIEW_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Copiez l’avis tel qu’il est publié (5\u00a0000 caractères au plus).",
        error_messages={
            "required": "Collez le texte de l’avis.",
            "max_length": "L’avis dépasse 5\u00a0000 caractères\u00a0: collez-en le passage en "
            "cause.",
        },
    )
    platform = forms.ChoiceField(
        label="Où l’avis est-il publié\u00a0?",
        choices=PLATFORM_CHOICES,
        error_messages={"required": "Choisissez la plateforme."},
    )
    published_on = forms.DateField(
        label="Date de publication",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="La date affichée sous l’avis (sa première publication).",
        error_messages={
            "required": "Indiquez la date de publication de l’avis.",
            "invalid": "Indiquez une date valide, par exemple 15/03/2027.",
        },
    )
    url = forms.URLField(
        label="Adresse de la page (facultatif)",
        required=False,
        max_length=2000,
        assume_scheme="https",
        error_messages={"invalid": "Indiquez une adresse complète, commençant par https://."},
    )

    def clean_published_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["published_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date de publication ne peut pas être dans le futur.")
        if day.year < 1990:
            raise forms.ValidationError("Indiquez la date de publication de l’avis.")
        return day


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Votre réponse",
        max_length=MAX_REPLY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Écrivez la réponse à vérifier.",
            "max_length": "Une réponse publique doit rester courte\u00a0: 3\u00a0000 caractères "
            "au plus.",
        },
    )


class PracticeForm(forms.Form):
    """Practice-level variables of the neutral template: nothing about anyone's care."""

    contact = forms.CharField(
        label="Comment joindre le cabinet (facultatif)",
        required=False,
        max_length=120,
        help_text=(
            "Par exemple «\u00a0au 01 23 45 67 89\u00a0» ou «\u00a0par le formulaire de la "
            "page\u00a0»."
        ),
    )
    hours = forms.CharField(
        label="Horaires d’ouverture (facultatif)",
        required=False,
        max_length=120,
        help_text="Par exemple «\u00a0du lundi au vendredi de 9 h à 19 h\u00a0».",
    )
    appointments = forms.CharField(
        label="Prise de rendez-vous (facultatif)",
        required=False,
        max_length=120,
        help_text="Par exemple «\u00a0par téléphone ou en ligne\u00a0».",
    )


class NotifierForm(forms.Form):
    name = forms.CharField(label="Votre nom", max_length=150)
    email = forms.EmailField(label="Votre adresse électronique", max_length=254)
