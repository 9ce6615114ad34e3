"""The directory's search form: one box, two optional filters, and the page number."""

from django import forms

from directory.query import MAX_QUERY_LENGTH
from directory.selectors import MAX_PAGE, directory_specialty_list
from roll.data.geography import DEPARTMENTS

DEPARTMENT_CHOICES = [("", "Tous les départements")] + [
    (dept.code, f"{dept.code} — {dept.name}") for dept in DEPARTMENTS
]


# Callables, not lists: Django deep-copies a form's fields for each instance, and copying the
# two lists (100 départements, the roll's specialties) took 0.6 ms of a directory search
# answered from the cache; a callable is copied as is and called only when the choices are
# shown or a chosen value is checked.
def _department_choices() -> list[tuple[str, str]]:
    return DEPARTMENT_CHOICES


def _specialty_choices() -> list[tuple[str, str]]:
    return [("", "Toutes les spécialités")] + [(name, name) for name in directory_specialty_list()]


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
    specialite = forms.ChoiceField(
        label="Spécialité",
        required=False,
        choices=_specialty_choices,
        error_messages={"invalid_choice": "Choisissez une spécialité dans la liste."},
    )
    departement = forms.ChoiceField(
        label="Département",
        required=False,
        choices=_department_choices,
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

    @property
    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("q", "").strip() or data.get("specialite") or data.get("departement"))
