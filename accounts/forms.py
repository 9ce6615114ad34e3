"""Forms of the accounts app: claiming a roll entry, and the admin's user forms."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from accounts.models import User
from roll.rpps import normalize_rpps, validate_rpps


class ClaimStartForm(forms.Form):
    rpps = forms.CharField(
        label="Numéro RPPS",
        # Room for the spaces and dots people type between digit groups.
        max_length=20,
        help_text=(
            "Les 11 chiffres de votre numéro RPPS, tel qu’il figure sur votre carte de "
            "professionnel de santé (CPS). Les espaces sont acceptés."
        ),
        error_messages={"required": "Veuillez saisir votre numéro RPPS."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_rpps(self) -> str:
        rpps = normalize_rpps(self.cleaned_data["rpps"])
        validate_rpps(rpps)
        return rpps


class ClaimConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code d’activation",
        max_length=20,
        help_text="Les 8 chiffres reçus par courriel. Les espaces sont acceptés.",
        error_messages={"required": "Veuillez saisir le code reçu par courriel."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or not code.isascii():
            raise ValidationError(
                "Le code d’activation ne comporte que des chiffres.", code="code_format"
            )
        return code


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Un compte utilise déjà cette adresse électronique.", code="email_taken"
            )
        return email


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].help_text = "Sert d’identifiant de connexion."
