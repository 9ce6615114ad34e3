"""The forms of the register: the publisher's steps, evidence, the body's results, the
council's decisions in admin, the public search, doctors' reports."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from appregister.models import (
    AppApplication,
    Audience,
    CertificationBody,
    Criterion,
    MaterialChangeKind,
    Publisher,
    Recommendation,
    ResultValue,
    UseDomain,
)
from appregister.selectors import RegisterState
from appregister.services.applications import STEP_FIELDS

REQUIRED = "Ce champ est obligatoire."


def errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: each field's message on its field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class PublisherForm(forms.ModelForm):
    # Typed with its spaces (« 552 100 554 »), stored as nine digits.
    siren = forms.CharField(
        label="Numéro SIREN", max_length=15, help_text="Neuf chiffres, par exemple 552 100 554."
    )

    class Meta:
        model = Publisher
        fields = ["company_name", "siren", "contact_name", "contact_phone"]
        help_texts = {"contact_name": "Elle reçoit les courriels de l’Ordre sur la demande."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED

    def clean_siren(self) -> str:
        siren = "".join(self.cleaned_data["siren"].split())
        if not (len(siren) == 9 and siren.isdigit()):
            raise forms.ValidationError("Le numéro SIREN compte neuf chiffres.")
        return siren


class StepForm(forms.ModelForm):
    """A draft step: nothing is required to save it, everything is checked before sending."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                offered = [(v, label) for v, label in field.choices if v != ""]  # type: ignore[union-attr,misc]
                field.choices = [("", "Choisissez"), *offered]


class ProductForm(StepForm):
    url = forms.URLField(
        label="Adresse du site de présentation (https://…)",
        assume_scheme="https",
        required=False,
        error_messages={"invalid": "Indiquez une adresse complète, https://…"},
    )

    class Meta:
        model = AppApplication
        fields = [*STEP_FIELDS["produit"][:2], "on_ios", "on_android", "on_web", "on_device"]
        fields += [STEP_FIELDS["produit"][2]]


class UsageForm(StepForm):
    class Meta:
        model = AppApplication
        fields = STEP_FIELDS["usage"]
        help_texts = {
            "purpose": "Ce que fait l’application, pour qui et dans quelle situation.",
            "intended_users": "Par exemple\u00a0: adultes diabétiques de type 2 suivis en ville.",
        }


class RegulationForm(StepForm):
    class Meta:
        model = AppApplication
        fields = [
            "regulatory_status",
            "device_class",
            "ce_certificate",
            "hosting_provider",
            "hds_certificate",
            "hosting_location",
        ]
        help_texts = {
            "device_class": "Seulement pour un dispositif médical.",
            "ce_certificate": "Seulement pour un dispositif médical.",
            "hds_certificate": "Le certificat d’hébergeur de données de santé (HDS).",
        }


STEP_FORMS: dict[str, type[StepForm]] = {
    "produit": ProductForm,
    "usage": UsageForm,
    "reglementation": RegulationForm,
}
STEP_TITLES = {
    "produit": "L’application ou l’objet",
    "usage": "Finalité et utilisateurs",
    "reglementation": "Statut réglementaire et hébergement",
    "preuves": "Éléments de preuve",
}
STEPS = list(STEP_TITLES)


def evidence_field_name(criterion: Criterion) -> str:
    return f"critere_{criterion.pk}"


class EvidenceForm(forms.Form):
    """One text per criterion of the application's framework version."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[evidence_field_name(criterion)] = forms.CharField(
                label=f"{criterion.code} — ce que vous fournissez",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "id": f"critere-{criterion.pk}"}),
                max_length=5000,
            )

    def texts(self) -> dict[int, str]:
        return {
            int(name.removeprefix("critere_")): value for name, value in self.cleaned_data.items()
        }


class EvidenceUploadForm(forms.Form):
    criterion = forms.TypedChoiceField(
        label="Critère auquel répond le document",
        coerce=int,
        error_messages={"required": "Choisissez le critère auquel ce document répond."},
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [  # type: ignore[attr-defined]
            ("", "Choisissez"),
            *[(c.pk, f"{c.code} — {c.requirement[:70]}") for c in criteria],
        ]


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label="Résultat",
        choices=[("", "Choisissez"), *ResultValue.choices],
        error_messages={"required": "Choisissez un résultat."},
    )
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_reviewed = forms.CharField(
        label="Éléments examinés", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecommendationForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Avis de l’organisme",
        choices=Recommendation.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un avis."},
    )
    summary = forms.CharField(
        label="Synthèse de l’évaluation",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Rédigez la synthèse de l’évaluation."},
    )


class MaterialChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label="Nature du changement",
        choices=[("", "Choisissez"), *MaterialChangeKind.choices],
        error_messages={"required": "Choisissez la nature du changement."},
    )
    new_version = forms.CharField(
        label="Nouvelle version",
        required=False,
        max_length=50,
        help_text="Pour une nouvelle version, son numéro.",
    )
    description = forms.CharField(
        label="Ce qui change",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Décrivez le changement."},
    )
    effective_on = forms.DateField(
        label="Date d’effet",
        help_text="Au format jj/mm/aaaa.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Indiquez la date d’effet.",
            "invalid": "Indiquez une date au format jj/mm/aaaa.",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == MaterialChangeKind.NEW_VERSION and not data.get("new_version"):
            self.add_error("new_version", "Indiquez le numéro de la nouvelle version.")
        return data


class ProblemReportForm(forms.Form):
    message = forms.CharField(
        label="Le problème constaté",
        help_text="Sans donnée permettant d’identifier un patient.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Décrivez le problème constaté."},
    )


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label="Nom, éditeur ou numéro de label", required=False, max_length=100)
    domaine = forms.ChoiceField(
        label="Domaine d’usage", required=False, choices=[("", "Tous"), *UseDomain.choices]
    )
    plateforme = forms.ChoiceField(
        label="Plateforme",
        required=False,
        choices=[
            ("", "Toutes"),
            ("ios", "iOS (iPhone et iPad)"),
            ("android", "Android"),
            ("web", "Navigateur web"),
            ("objet", "Objet connecté"),
        ],
    )
    public = forms.ChoiceField(
        label="Utilisateurs",
        required=False,
        choices=[("", "Tous"), *[c for c in Audience.choices if c[0] != Audience.BOTH]],
    )
    dispositif = forms.ChoiceField(
        label="Dispositif médical",
        required=False,
        choices=[
            ("", "Indifférent"),
            ("oui", "Dispositif médical"),
            ("non", "Pas un dispositif médical"),
        ],
    )
    etat = forms.ChoiceField(
        label="État du label", required=False, choices=[("", "Tous"), *RegisterState.CHOICES]
    )


# --- Admin -----------------------------------------------------------------------------------


class AssignForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Organisme évaluateur",
        queryset=CertificationBody.objects.none(),
        empty_label="Choisissez un organisme",
        error_messages={"required": "Choisissez un organisme."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = datetime.date.today()
        self.fields["body"].queryset = CertificationBody.objects.filter(  # type: ignore[attr-defined]
            accredited_from__lte=today, accredited_until__gte=today
        )


class DecisionForm(forms.Form):
    GRANT, REFUSE, INFO = "grant", "refuse", "info"
    decision = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            (GRANT, "Attribuer le label"),
            (REFUSE, "Refuser le label"),
            (INFO, "Demander des compléments"),
        ],
        error_messages={"required": "Choisissez une décision."},
    )
    text = forms.CharField(
        label="Motifs, compléments demandés ou note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Obligatoire pour un refus (les motifs) ou une demande de compléments. "
        "Envoyé à l’éditeur.",
    )


class LabelActionForm(forms.Form):
    SUSPEND, REINSTATE, WITHDRAW = "suspend", "reinstate", "withdraw"
    action = forms.ChoiceField(
        label="Action",
        widget=forms.RadioSelect,
        choices=[
            (SUSPEND, "Suspendre le label"),
            (REINSTATE, "Lever la suspension"),
            (WITHDRAW, "Retirer le label (définitif, public)"),
        ],
        error_messages={"required": "Choisissez une action."},
    )
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Indiquez le motif."},
    )


class BodyMemberForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de l’évaluateur")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
