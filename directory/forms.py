"""The directory's search form: one box, two optional filters, and the page number."""

from typing import Any

from django import forms

from directory.query import MAX_QUERY_LENGTH
from directory.selectors import MAX_PAGE, directory_specialty_list
from roll.data.geography import DEPARTMENTS


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Nom, spécialité, ville, code postal ou numéro RPPS",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            "Par exemple\u00a0: «\u00a0Martin Lyon\u00a0», «\u00a0cardiologue Gironde\u00a0», "
            "«\u00a0pédiatre 33\u00a0» ou un numéro RPPS à 11 chiffres."
        ),
        error_messages={
            "max_length": (
                "Votre recherche est trop longue : %(limit_value)d caractères au plus "
                "(vous en avez saisi %(show_value)d)."
            )
        },
    )
    specialite = forms.ChoiceField(label="Spécialité", required=False)
    departement = forms.ChoiceField(
        label="Département",
        required=False,
        choices=[("", "Tous les départements")]
        + [(dept.code, f"{dept.code} — {dept.name}") for dept in DEPARTMENTS],
        error_messages={"invalid_choice": "Choisissez un département dans la liste."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre.",
            "min_value": "Le numéro de page commence à 1.",
            "max_value": (
                "Seules les %(limit_value)d premières pages de résultats sont consultables : "
                "précisez votre recherche."
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["specialite"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Toutes les spécialités")] + [
            (name, name) for name in directory_specialty_list()
        ]
        field.error_messages["invalid_choice"] = "Choisissez une spécialité dans la liste."

    @property
    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("q", "").strip() or data.get("specialite") or data.get("departement"))
