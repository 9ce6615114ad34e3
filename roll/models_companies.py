"""Companies of doctors on the roll (SCP, SEL, SPFPL), their partners and who pays their dues.

A company is registered with its departmental council like a doctor. Its partners are doctors
on the roll, each through a membership with a role and dates; exactly one current partner is
designated to pay the company's dues (`is_designated`). The database holds the invariants: at
most one designated partner per company, and only a current one (no end date).
"""

from django.db import models
from django.db.models import F, Q

from roll.data.geography import DEPARTMENT_CODES
from roll.siren import validate_siren


class LegalForm(models.TextChoices):
    SCP = "scp", "Société civile professionnelle (SCP)"
    SELARL = "selarl", "Société d’exercice libéral à responsabilité limitée (SELARL)"
    SELAS = "selas", "Société d’exercice libéral par actions simplifiée (SELAS)"
    SELAFA = "selafa", "Société d’exercice libéral à forme anonyme (SELAFA)"
    SELCA = "selca", "Société d’exercice libéral en commandite par actions (SELCA)"
    SPFPL = "spfpl", "Société de participations financières de profession libérale (SPFPL)"


class LegalFamily(models.TextChoices):
    """What the dues tariff looks at: every SEL shares one rate."""

    SCP = "scp", "SCP"
    SEL = "sel", "SEL"
    SPFPL = "spfpl", "SPFPL"


FAMILY_OF_FORM: dict[str, str] = {
    LegalForm.SCP: LegalFamily.SCP,
    LegalForm.SELARL: LegalFamily.SEL,
    LegalForm.SELAS: LegalFamily.SEL,
    LegalForm.SELAFA: LegalFamily.SEL,
    LegalForm.SELCA: LegalFamily.SEL,
    LegalForm.SPFPL: LegalFamily.SPFPL,
}


class CompanyStatus(models.TextChoices):
    REGISTERED = "registered", "Inscrite"
    STRUCK_OFF = "struck_off", "Radiée"


class PartnerRole(models.TextChoices):
    PARTNER = "partner", "Associé"
    MANAGER = "manager", "Associé gérant"
    PRESIDENT = "president", "Président"


DESIGNATED_MUST_STAY_MESSAGE = (
    "L’associé désigné pour la cotisation doit faire partie de la société\u00a0: "
    "désignez d’abord un autre associé avant d’enregistrer son départ."
)

DEPARTMENT_CHOICES = sorted((code, code) for code in DEPARTMENT_CODES)


class Company(models.Model):
    name = models.CharField("dénomination", max_length=200)
    legal_form = models.CharField("forme juridique", max_length=10, choices=LegalForm.choices)
    siren = models.CharField("numéro SIREN", max_length=9, unique=True, validators=[validate_siren])
    roll_number = models.CharField(
        "numéro d’inscription au tableau",
        max_length=20,
        unique=True,
        help_text="Numéro de la société au tableau de l’Ordre (section des sociétés).",
    )
    department = models.CharField(
        "conseil départemental",
        max_length=3,
        choices=DEPARTMENT_CHOICES,
        help_text="Le conseil départemental au tableau duquel la société est inscrite.",
    )
    registered_on = models.DateField("date d’inscription au tableau")
    status = models.CharField(
        "situation", max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.REGISTERED
    )
    street = models.CharField("adresse du siège", max_length=255)
    postcode = models.CharField("code postal", max_length=5)
    city = models.CharField("commune", max_length=150)
    doctors = models.ManyToManyField(
        "roll.Doctor",
        through="roll.CompanyPartner",
        related_name="companies",
        verbose_name="associés",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifiée le")

    class Meta:
        verbose_name = "société de médecins"
        verbose_name_plural = "sociétés de médecins"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(siren__regex=r"^[0-9]{9}$"), name="roll_company_siren_9_digits"
            ),
            models.CheckConstraint(
                condition=Q(legal_form__in=LegalForm.values), name="roll_company_form_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CompanyStatus.values), name="roll_company_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_legal_form_display_short()})"

    def get_legal_form_display_short(self) -> str:
        return self.legal_form.upper()

    @property
    def legal_family(self) -> str:
        return FAMILY_OF_FORM[self.legal_form]


class CompanyPartner(models.Model):
    """A doctor's membership of a company, from `joined_on` until `left_on` (if they left)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="partners", verbose_name="société"
    )
    doctor = models.ForeignKey(
        "roll.Doctor",
        on_delete=models.PROTECT,
        related_name="company_memberships",
        verbose_name="médecin",
    )
    role = models.CharField(
        "qualité", max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    joined_on = models.DateField("associé depuis le")
    left_on = models.DateField("associé jusqu’au", null=True, blank=True)
    # Changed only through cotisations.services.company_dues.company_partner_designate, which
    # moves the company's unpaid dues to the new payer.
    is_designated = models.BooleanField(
        "associé désigné pour la cotisation",
        default=False,
        help_text="L’associé qui règle la cotisation de la société depuis son espace.",
    )

    class Meta:
        verbose_name = "associé"
        verbose_name_plural = "associés"
        ordering = ["company", "left_on", "doctor__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="roll_partner_left_after_joined",
                violation_error_message=(
                    "La date de départ ne peut pas précéder la date d’entrée dans la société."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_designated=False) | Q(left_on__isnull=True),
                name="roll_partner_designated_is_current",
                violation_error_message=DESIGNATED_MUST_STAY_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(is_designated=True),
                name="roll_partner_one_designated",
                violation_error_message="Une société n’a qu’un seul associé désigné.",
            ),
            models.UniqueConstraint(
                fields=["company", "doctor"],
                condition=Q(left_on__isnull=True),
                name="roll_partner_current_once",
                violation_error_message="Ce médecin est déjà associé de cette société.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartnerRole.values), name="roll_partner_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doctor} — {self.company.name}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
