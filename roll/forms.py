"""The admin's upload form for a roll CSV file, and the forms of the change requests."""

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator

from portal.french_format import french_size, typographic_apostrophes
from roll.data.people import SPECIALTIES
from roll.models import CHANGEABLE_FIELDS, Doctor, DoctorStatus
from roll.uploads import MAX_FILE_BYTES

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
                f"Ce fichier dépasse {french_size(MAX_UPLOAD_BYTES)}\u00a0: importez-le en "
                "plusieurs parties ou avec la commande import_roll.",
                code="too_large",
            )
        return upload


# What a doctor may declare of their own situation; suspension and striking off are decisions
# of the council, never requested.
REQUESTABLE_STATUSES = (
    DoctorStatus.ACTIVE,
    DoctorStatus.RETIRED_ACTIVE,
    DoctorStatus.RETIRED,
)
ADDRESS_FIELDS = ("street", "postcode", "city")
_FRENCH_PHONE = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$")
_INTERNATIONAL_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(value: str) -> str:
    """ "01 23 45 67 89" for a French number however typed; "+…" kept for others."""
    compact = re.sub(r"[\s.\-()]", "", value)
    if not compact:
        return ""
    french = _FRENCH_PHONE.match(compact)
    if french:
        digits = "0" + french.group(1)
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    if _INTERNATIONAL_PHONE.match(compact):
        return compact
    raise forms.ValidationError(
        "Saisissez un numéro de téléphone à 10 chiffres, par exemple 01 23 45 67 89, ou un "
        "numéro international commençant par +.",
        code="invalid_phone",
    )


def specialty_choices(current: str) -> list[tuple[str, str]]:
    names = sorted({name for name, _weight in SPECIALTIES} | {current}, key=str.casefold)
    return [(name, typographic_apostrophes(name)) for name in names if name]


class ChangeRequestForm(forms.Form):
    """The doctor's roll entry as it is, to edit: only what differs is sent to the council."""

    street = forms.CharField(
        label="Adresse professionnelle (numéro et voie)", max_length=255, required=False
    )
    postcode = forms.CharField(
        label="Code postal",
        max_length=5,
        required=False,
        validators=[
            RegexValidator(r"^[0-9]{5}$", "Le code postal compte 5 chiffres, par exemple 69002.")
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label="Commune", max_length=150, required=False)
    phone = forms.CharField(
        label="Téléphone professionnel",
        max_length=25,
        required=False,
        help_text="Par exemple 01 23 45 67 89.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    specialty = forms.ChoiceField(label="Spécialité")
    status = forms.ChoiceField(
        label="Situation",
        choices=[(s.value, s.label) for s in REQUESTABLE_STATUSES],
        help_text="Par exemple, si vous prenez votre retraite, avec ou sans activité.",
    )
    explanation = forms.CharField(
        label="Explication",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Dites en quelques mots ce qui change et à partir de quand, par exemple\u00a0: "
            "«\u00a0Installation dans un nouveau cabinet le 1er mars\u00a0»."
        ),
        error_messages={"required": "Expliquez en quelques mots la modification demandée."},
    )
    document = forms.FileField(
        label="Justificatif (facultatif)",
        required=False,
        help_text=(
            f"PDF, JPEG ou PNG, {french_size(MAX_FILE_BYTES)} au plus\u00a0: par exemple un bail "
            "ou une attestation."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args: Any, doctor: Doctor, **kwargs: Any) -> None:
        kwargs["initial"] = {
            **{field: getattr(doctor, field) for field in CHANGEABLE_FIELDS},
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.doctor = doctor
        self.fields["specialty"].choices = specialty_choices(doctor.specialty)  # type: ignore[attr-defined]
        if doctor.status not in REQUESTABLE_STATUSES:
            # A suspended or struck-off doctor's situation changes by the council's decision.
            del self.fields["status"]
        for name in ADDRESS_FIELDS:
            self.fields[name].widget.attrs.setdefault(
                "autocomplete", {"street": "street-address", "city": "address-level2"}.get(name)
            )

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        address = {name: (cleaned.get(name) or "").strip() for name in ADDRESS_FIELDS}
        if any(address.values()) and not all(address.values()):
            for name, value in address.items():
                if not value and name not in self.errors:
                    label = str(self.fields[name].label).lower()
                    self.add_error(
                        name,
                        "Complétez l’adresse\u00a0: indiquez aussi le champ "
                        f"«\u00a0{label}\u00a0».",
                    )
        return cleaned

    def values(self) -> dict[str, Any]:
        """The roll's fields as the form holds them (the service keeps those that changed)."""
        return {name: self.cleaned_data[name] for name in CHANGEABLE_FIELDS if name in self.fields}


class RefusalForm(forms.Form):
    """Staff's decision page: the reason is required only to refuse (checked by the service)."""

    reason = forms.CharField(
        label="Motif du refus",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour refuser\u00a0: il est envoyé au médecin.",
    )
