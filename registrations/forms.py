"""The steps of the form: every field required at its step, errors in French next to it."""

import datetime
import re
from typing import Any

from django import forms

from registrations.models import STEP_FIELDS, DocumentKind, Phase, RegistrationRequest
from registrations.selectors import specialties_offered
from roll.data.geography import DEPARTMENTS
from roll.models import Civility

REQUIRED = "Ce champ est obligatoire."


class StepForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = REQUIRED


class IdentityForm(StepForm):
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text="Au format jj/mm/aaaa, par exemple 14/03/1998.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Indiquez une date au format jj/mm/aaaa."},
    )

    class Meta:
        model = RegistrationRequest
        fields = STEP_FIELDS["identite"]
        labels = {"birth_place": "Lieu de naissance (commune et pays)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        civility = self.fields["civility"]
        assert isinstance(civility, forms.ChoiceField)
        civility.choices = [("", "Choisissez"), *Civility.choices]

    def clean_birth_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["birth_date"]
        today = datetime.date.today()
        if value > today.replace(year=today.year - 16) or value.year < 1900:
            raise forms.ValidationError("Vérifiez votre date de naissance.")
        return value


class StudiesForm(StepForm):
    department = forms.ChoiceField(
        label="Département où vous exercerez",
        choices=[("", "Choisissez un département")]
        + [(d.code, f"{d.code} – {d.name}") for d in DEPARTMENTS],
    )
    study_year = forms.IntegerField(
        label="Année d’études",
        min_value=1,
        max_value=15,
        help_text="Votre année dans le cursus, par exemple 8 pour une 2ᵉ année d’internat.",
        error_messages={
            "min_value": "Indiquez un nombre entre 1 et 15.",
            "max_value": "Indiquez un nombre entre 1 et 15.",
            "invalid": "Indiquez un nombre entier.",
        },
    )

    class Meta:
        model = RegistrationRequest
        fields = STEP_FIELDS["etudes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specialty = self.fields["specialty"]
        assert isinstance(specialty, forms.ModelChoiceField)
        specialty.queryset = specialties_offered()
        specialty.empty_label = "Choisissez votre spécialité"
        specialty.error_messages["invalid_choice"] = "Choisissez une spécialité de la liste."
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ChoiceField)
        phase.choices = [("", "Choisissez votre phase"), *Phase.choices]


class ContactForm(StepForm):
    class Meta:
        model = RegistrationRequest
        fields = STEP_FIELDS["coordonnees"]
        help_texts = {
            "email": "L’Ordre vous écrira à cette adresse, notamment pour rattacher votre compte.",
        }

    def clean_phone(self) -> str:
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["phone"])
        if not re.fullmatch(r"(\+33|0)[1-9][0-9]{8}|\+[0-9]{8,15}", value):
            raise forms.ValidationError(
                "Indiquez un numéro de téléphone, par exemple 06 12 34 56 78."
            )
        return value

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip()
        if not re.fullmatch(r"[0-9]{5}", value):
            raise forms.ValidationError("Le code postal compte cinq chiffres.")
        return value


STEP_FORMS: dict[str, type[StepForm]] = {
    "identite": IdentityForm,
    "etudes": StudiesForm,
    "coordonnees": ContactForm,
}
STEP_TITLES = {
    "identite": "Votre identité",
    "etudes": "Vos études",
    "coordonnees": "Vos coordonnées",
    "documents": "Vos documents",
}
STEPS = list(STEP_TITLES)


class DocumentKindForm(forms.Form):
    kind = forms.ChoiceField(
        label="Nature du document",
        choices=DocumentKind.choices,
        error_messages={"required": "Choisissez la nature du document."},
    )


class DecisionForm(forms.Form):
    """Staff's three decisions in admin."""

    message = forms.CharField(label="Documents demandés", widget=forms.Textarea, required=False)
    rpps = forms.CharField(label="Numéro RPPS de l’interne", max_length=20, required=False)
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea, required=False)
