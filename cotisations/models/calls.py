"""Dues: campaigns, tariffs, one call per doctor and year, its workflow and its history.

Amounts are integer cents everywhere.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from portal.workflow import Workflow
from roll.models import DoctorStatus, LegalForm
from roll.models_companies import FAMILY_OF_FORM


class CampaignStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Clôturée"


class Category(models.TextChoices):
    # The doctor's situation on the roll when the call is made, which sets the tariff.
    ACTIVE = "active", "En activité"
    RETIRED_ACTIVE = "retired_active", "Retraité en activité"
    RETIRED = "retired", "Retraité sans activité"
    # Doctors registered on the roll during the campaign's year: half the active rate.
    FIRST_REGISTRATION = "first_registration", "Première inscription"
    # Set on a call by the departmental council's decision on an exemption request
    # (exemptions app): the amount is halved, or the call is exempt altogether.
    HALF_EXEMPT = "half_exempt", "Exonération de moitié"
    EXEMPT = "exempt", "Exonération totale"
    # Companies of doctors owe dues of their own, at a flat rate per legal form.
    COMPANY_SCP = "company_scp", "Société : SCP"
    COMPANY_SEL = "company_sel", "Société : SEL"
    COMPANY_SPFPL = "company_spfpl", "Société : SPFPL"


# The categories a campaign has a tariff for; the two exemption categories are decisions on
# one call, never a price list.
TARIFF_CATEGORIES: tuple[str, ...] = (
    Category.ACTIVE,
    Category.RETIRED_ACTIVE,
    Category.RETIRED,
    Category.FIRST_REGISTRATION,
    Category.COMPANY_SCP,
    Category.COMPANY_SEL,
    Category.COMPANY_SPFPL,
)


# Who owes dues, at which tariff. Suspended doctors stay on the roll and still owe the full
# rate (as at the real Ordre); struck-off doctors are off the roll and owe nothing.
CATEGORY_OF_STATUS: dict[str, str] = {
    DoctorStatus.ACTIVE: Category.ACTIVE,
    DoctorStatus.RETIRED_ACTIVE: Category.RETIRED_ACTIVE,
    DoctorStatus.RETIRED: Category.RETIRED,
    DoctorStatus.SUSPENDED: Category.ACTIVE,
}

# A company's tariff: one per family of legal forms (every SEL pays the SEL rate).
CATEGORY_OF_LEGAL_FORM: dict[str, str] = {
    form: f"company_{FAMILY_OF_FORM[form]}" for form in LegalForm.values
}
COMPANY_CATEGORIES = frozenset(CATEGORY_OF_LEGAL_FORM.values())


class CallStatus(models.TextChoices):
    OPEN = "open", "À régler"
    PARTIALLY_PAID = "partially_paid", "Partiellement réglée"
    PAID = "paid", "Réglée"
    EXEMPT = "exempt", "Exonérée"
    CANCELLED = "cancelled", "Annulée"


# Where a call may go from each status. Paid and partially paid calls go back only through a
# refund; a cancelled or exempt call can be reopened by staff.
CALL_WORKFLOW = Workflow(
    CallStatus,
    {
        CallStatus.OPEN: {
            CallStatus.PARTIALLY_PAID,
            CallStatus.PAID,
            CallStatus.EXEMPT,
            CallStatus.CANCELLED,
        },
        CallStatus.PARTIALLY_PAID: {CallStatus.OPEN, CallStatus.PAID},
        CallStatus.PAID: {CallStatus.OPEN, CallStatus.PARTIALLY_PAID},
        CallStatus.EXEMPT: {CallStatus.OPEN},
        CallStatus.CANCELLED: {CallStatus.OPEN},
    },
    message=(
        "Une cotisation «\u00a0{current}\u00a0» ne peut pas passer à l’état «\u00a0{target}\u00a0»."
    ),
)


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField("année", unique=True)
    call_date = models.DateField("date de l’appel")
    deadline = models.DateField("date limite de paiement")
    status = models.CharField(
        "état", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    reminders_paused = models.BooleanField(
        "relances suspendues",
        default=False,
        help_text="Cochez pour ne plus envoyer aucune relance pour cette campagne.",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créée le")

    class Meta:
        verbose_name = "campagne de cotisation"
        verbose_name_plural = "campagnes de cotisation"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("call_date")), name="cotis_campaign_deadline_after_call"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values), name="cotis_campaign_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Cotisation {self.year}"


class Tariff(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="tariffs", verbose_name="campagne"
    )
    category = models.CharField(
        "catégorie",
        max_length=20,
        choices=[(value, label) for value, label in Category.choices if value in TARIFF_CATEGORIES],
    )
    departmental_cents = models.PositiveIntegerField("part départementale (centimes)")
    regional_cents = models.PositiveIntegerField("part régionale (centimes)")
    national_cents = models.PositiveIntegerField("part nationale (centimes)")

    class Meta:
        verbose_name = "tarif"
        verbose_name_plural = "tarifs"
        ordering = ["campaign", "category"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "category"], name="cotis_tariff_unique"),
            models.CheckConstraint(
                condition=Q(category__in=TARIFF_CATEGORIES), name="cotis_tariff_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(departmental_cents__gt=0)
                | Q(regional_cents__gt=0)
                | Q(national_cents__gt=0),
                name="cotis_tariff_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.campaign.year}"

    @property
    def amount_cents(self) -> int:
        return self.departmental_cents + self.regional_cents + self.national_cents


class DuesCall(models.Model):
    """One doctor's dues for one year: the amount, its split, what was paid.

    A company's dues are a call too, with `company` set: its `doctor` is then the partner
    designated to pay it, so that payments, receipts, reminders, the owner scoping and the
    accounting export work unchanged. A doctor has one call of their own per year (company
    empty) and one per company they pay for.
    """

    # No index of their own: the unique (doctor, campaign) and the (campaign, status) indexes
    # serve both lookups, and every index slows the yearly bulk insert of 261,378 calls.
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name="campagne",
        db_index=False,
    )
    doctor = models.ForeignKey(
        "roll.Doctor",
        on_delete=models.PROTECT,
        related_name="dues_calls",
        verbose_name="médecin",
        db_index=False,
    )
    # Set for a company's dues; `doctor` is then the partner who pays them.
    company = models.ForeignKey(
        "roll.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dues_calls",
        verbose_name="société",
        db_index=False,
    )
    category = models.CharField("catégorie", max_length=20, choices=Category.choices)
    # Copied from the roll when the call is made: totals per council stay true if a doctor moves.
    department = models.CharField("conseil départemental", max_length=3)
    departmental_cents = models.PositiveIntegerField("part départementale (centimes)")
    regional_cents = models.PositiveIntegerField("part régionale (centimes)")
    national_cents = models.PositiveIntegerField("part nationale (centimes)")
    amount_cents = models.PositiveIntegerField("montant appelé (centimes)")
    paid_cents = models.PositiveIntegerField("montant réglé (centimes)", default=0)
    status = models.CharField(
        "état", max_length=20, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="modifié le")

    class Meta:
        verbose_name = "appel de cotisation"
        verbose_name_plural = "appels de cotisation"
        ordering = ["-campaign__year", "doctor__last_name"]
        indexes = [
            models.Index(fields=["campaign", "status"], name="cotis_call_campaign_status"),
            # The few company calls a partner pays, without a scan of every doctor's calls.
            models.Index(
                fields=["doctor"],
                condition=Q(company__isnull=False),
                name="cotis_call_company_payer",
            ),
        ]
        constraints = [
            # Partial: a doctor's own call (company empty) once a year; a doctor's own calls
            # are looked up with `company IS NULL`, so they read this index.
            models.UniqueConstraint(
                fields=["doctor", "campaign"],
                condition=Q(company__isnull=True),
                name="cotis_call_one_per_year",
            ),
            models.UniqueConstraint(
                fields=["company", "campaign"],
                condition=Q(company__isnull=False),
                name="cotis_call_company_one_per_year",
            ),
            # A company's call is at a company's tariff, and only a company's call is.
            models.CheckConstraint(
                condition=(Q(company__isnull=True) & ~Q(category__in=sorted(COMPANY_CATEGORIES)))
                | (Q(company__isnull=False) & Q(category__in=sorted(COMPANY_CATEGORIES))),
                name="cotis_call_company_category",
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="cotis_call_positive"),
            models.CheckConstraint(
                condition=Q(
                    amount_cents=F("departmental_cents") + F("regional_cents") + F("national_cents")
                ),
                name="cotis_call_split_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__lte=F("amount_cents")), name="cotis_call_not_overpaid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values), name="cotis_call_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CallStatus.PAID) | Q(paid_cents=F("amount_cents")),
                name="cotis_call_paid_means_full",
            ),
        ]

    def __str__(self) -> str:
        if self.company is not None:
            return f"Cotisation {self.campaign.year} — {self.company.name}"
        return f"Cotisation {self.campaign.year} — {self.doctor}"

    @property
    def balance_cents(self) -> int:
        if self.status in (CallStatus.EXEMPT, CallStatus.CANCELLED):
            return 0
        return self.amount_cents - self.paid_cents

    @property
    def year(self) -> int:
        return self.campaign.year


class DuesCallStatusChange(models.Model):
    """History: every status change of a call, who made it and why."""

    call = models.ForeignKey(
        DuesCall,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name="appel de cotisation",
    )
    from_status = models.CharField("ancien état", max_length=20, choices=CallStatus.choices)
    to_status = models.CharField("nouvel état", max_length=20, choices=CallStatus.choices)
    reason = models.CharField("motif", max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="auteur",
    )
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "changement d’état"
        verbose_name_plural = "historique des états"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
