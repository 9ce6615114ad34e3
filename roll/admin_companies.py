"""Companies of doctors in the admin: the company, its partners inline, its paying partner."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from cotisations.services.company_dues import company_partner_designate
from roll.models import Company, CompanyPartner, Doctor
from roll.models_companies import DESIGNATED_MUST_STAY_MESSAGE
from roll.siren import normalize_siren


class CompanyPartnerForm(forms.ModelForm):
    class Meta:
        model = CompanyPartner
        fields = ("doctor", "role", "joined_on", "left_on")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # `is_designated` is not a field of this form, so Django skips the database rule
        # that involves it: check it here for a French message instead of an error page.
        if self.instance.is_designated and cleaned.get("left_on"):
            self.add_error("left_on", DESIGNATED_MUST_STAY_MESSAGE)
        return cleaned


class CompanyPartnerInline(admin.TabularInline):
    model = CompanyPartner
    form = CompanyPartnerForm
    extra = 1
    raw_id_fields = ("doctor",)
    fields = ("doctor", "role", "joined_on", "left_on", "is_designated")
    # Designation moves the unpaid dues: it goes through the service, from the field above.
    readonly_fields = ("is_designated",)


class CompanyForm(forms.ModelForm):
    # Wider than the 9 digits stored: staff may type « 732 829 320 », normalised below.
    siren = forms.CharField(label="numéro SIREN", max_length=20)
    designated_partner = forms.ModelChoiceField(
        queryset=Doctor.objects.none(),
        required=False,
        label="associé désigné pour la cotisation",
        help_text=(
            "L’associé qui voit et règle la cotisation de la société dans son espace. "
            "Les cotisations non réglées lui sont transférées. Ajoutez d’abord l’associé "
            "ci-dessous et enregistrez."
        ),
    )

    class Meta:
        model = Company
        fields = (
            "name",
            "legal_form",
            "siren",
            "roll_number",
            "status",
            "department",
            "registered_on",
            "street",
            "postcode",
            "city",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["designated_partner"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.instance.pk:
            field.queryset = Doctor.objects.filter(
                company_memberships__company=self.instance,
                company_memberships__left_on__isnull=True,
            )
            current = self.instance.partners.filter(is_designated=True).first()
            if current is not None:
                field.initial = current.doctor_id

    def clean_siren(self) -> str:
        return normalize_siren(self.cleaned_data["siren"])


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyForm
    list_display = ("name", "legal_form", "siren", "roll_number", "department", "status", "payer")
    list_filter = ("legal_form", "status", "department")
    search_fields = ("name", "=siren", "=roll_number", "partners__doctor__last_name")
    search_help_text = "Dénomination, SIREN, numéro d’inscription ou nom d’un associé."
    inlines = [CompanyPartnerInline]
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "legal_form", "siren", "roll_number", "status")}),
        ("Inscription", {"fields": ("department", "registered_on")}),
        ("Siège", {"fields": ("street", "postcode", "city")}),
        ("Cotisation", {"fields": ("designated_partner",)}),
        ("Suivi", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Company]:
        return super().get_queryset(request).prefetch_related("partners__doctor")

    @admin.display(description="associé désigné")
    def payer(self, company: Company) -> str:
        for partner in company.partners.all():
            if partner.is_designated:
                return partner.doctor.display_name
        return "— à désigner —"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        doctor = form.cleaned_data.get("designated_partner")
        if doctor is None:
            return
        try:
            company_partner_designate(company_id=form.instance.pk, doctor_id=doctor.pk)
        except ValidationError as exc:
            # The partner chosen left in this same submission: say so, keep the rest saved.
            for message in exc.messages:
                self.message_user(request, message, level="error")
