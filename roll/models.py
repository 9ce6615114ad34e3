"""The roll (tableau de l'Ordre): every doctor registered with the council."""

from django.db import models
from django.db.models.functions import Upper

from roll.rpps import validate_rpps


class Civility(models.TextChoices):
    MR = "M", "M."
    MRS = "MME", "Mme"


class DoctorStatus(models.TextChoices):
    ACTIVE = "active", "En activité"
    RETIRED_ACTIVE = "retired_active", "Retraité en activité"
    RETIRED = "retired", "Retraité sans activité"
    SUSPENDED = "suspended", "Suspendu"
    STRUCK_OFF = "struck_off", "Radié"


class Doctor(models.Model):
    rpps = models.CharField("numéro RPPS", max_length=11, unique=True, validators=[validate_rpps])
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices)
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    specialty = models.CharField("spécialité", max_length=150)
    department = models.CharField(
        "conseil départemental",
        max_length=3,
        help_text="Code du département (01 à 95, 2A, 2B, 971 à 976).",
    )
    registered_on = models.DateField("date d’inscription au tableau")
    status = models.CharField(
        "situation", max_length=20, choices=DoctorStatus.choices, default=DoctorStatus.ACTIVE
    )
    street = models.CharField("adresse professionnelle", max_length=255, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=150, blank=True)
    # A database default too: the roll's bulk import inserts with an explicit column list.
    phone = models.CharField(
        "téléphone professionnel", max_length=20, blank=True, default="", db_default=""
    )
    email = models.EmailField("adresse électronique connue de l’Ordre", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifié le")

    class Meta:
        verbose_name = "médecin inscrit"
        verbose_name_plural = "médecins inscrits"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(Upper("last_name"), "first_name", name="roll_doctor_name_idx"),
            models.Index(fields=["department", "status"], name="roll_doctor_dept_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rpps__regex=r"^[0-9]{11}$"), name="roll_doctor_rpps_11_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DoctorStatus.values), name="roll_doctor_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_civility_display()} {self.first_name} {self.last_name} ({self.rpps})"

    @property
    def display_name(self) -> str:
        return f"Dr {self.first_name} {self.last_name}"


# The doctors' change requests live in their own module; imported here so Django finds them.
from roll.models_changes import (  # noqa: E402
    CHANGEABLE_FIELDS,
    ChangeDocumentAccess,
    ChangeRequest,
    ChangeRequestDocument,
    ChangeRequestEvent,
    ChangeStatus,
    ChangeStep,
)

# Companies of doctors (SCP, SEL, SPFPL) and their partners, in their own module too.
from roll.models_companies import (  # noqa: E402
    Company,
    CompanyPartner,
    CompanyStatus,
    LegalFamily,
    LegalForm,
    PartnerRole,
)

__all__ = [
    "CHANGEABLE_FIELDS",
    "ChangeDocumentAccess",
    "ChangeRequest",
    "ChangeRequestDocument",
    "ChangeRequestEvent",
    "ChangeStatus",
    "ChangeStep",
    "Civility",
    "Company",
    "CompanyPartner",
    "CompanyStatus",
    "Doctor",
    "DoctorStatus",
    "LegalFamily",
    "LegalForm",
    "PartnerRole",
]
