"""The doctor's forms: the plan's choices, the account; the services check them again."""

from django import forms

from debits.models import COLLECTION_DAYS, PlanKind


class AccountForm(forms.Form):
    debtor_name = forms.CharField(label="Titulaire du compte", max_length=70)
    iban = forms.CharField(
        label="IBAN",
        max_length=42,
        help_text="Sur votre relevé d’identité bancaire (RIB), par exemple FR76 3000 6000 …",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bic = forms.CharField(
        label="BIC (facultatif)",
        max_length=11,
        required=False,
        help_text="Déduit de l’IBAN pour les banques françaises.",
    )


class PlanForm(AccountForm):
    kind = forms.ChoiceField(
        label="Formule", choices=PlanKind.choices, widget=forms.RadioSelect, initial=PlanKind.FULL
    )
    collection_day = forms.TypedChoiceField(
        label="Jour du prélèvement",
        choices=[(day, f"Le {day} du mois") for day in COLLECTION_DAYS],
        coerce=int,
        widget=forms.RadioSelect,
        initial=COLLECTION_DAYS[0],
    )
    renew = forms.BooleanField(
        label="Reconduire ce prélèvement les années suivantes (vous serez prévenu en décembre)",
        required=False,
        initial=True,
    )
