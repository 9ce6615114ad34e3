"""SEPA Core direct debit by file: mandates, plans, scheduled debits, batches and returns.

Amounts are integer cents. A debit's status moves along DEBIT_WORKFLOW (portal.workflow).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.french_format import french_date
from portal.workflow import Workflow

# SEPA's identifiers (RUM, end-to-end id) allow letters, digits and a few signs; ours use
# letters, digits and "-" only, at most 35 characters.
RUM_MAX_LENGTH = 35


class MandateType(models.TextChoices):
    RECURRENT = "recurrent", "Récurrent"
    ONE_OFF = "one_off", "Ponctuel"


class MandateStatus(models.TextChoices):
    ACTIVE = "active", "Actif"
    REVOKED = "revoked", "Révoqué"
    # A recurrent mandate with no collection for 36 months may no longer be used (SEPA rule).
    LAPSED = "lapsed", "Caduc"


class Mandate(models.Model):
    """The doctor's authorisation to debit one account, as accepted on the portal."""

    doctor = models.ForeignKey(
        "roll.Doctor", on_delete=models.PROTECT, related_name="mandates", verbose_name="médecin"
    )
    reference = models.CharField("référence unique du mandat (RUM)", max_length=RUM_MAX_LENGTH)
    debtor_name = models.CharField("titulaire du compte", max_length=70)
    # Stored in clear: the council's bank needs it in every pain.008 file, and the portal
    # shows it masked only (docs/dues.md says what is kept and for how long).
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    type = models.CharField(
        "type", max_length=10, choices=MandateType.choices, default=MandateType.RECURRENT
    )
    status = models.CharField(
        "état", max_length=10, choices=MandateStatus.choices, default=MandateStatus.ACTIVE
    )
    accepted_at = models.DateTimeField("accepté le")
    acceptance_ip = models.GenericIPAddressField("adresse IP de l’acceptation")
    text_version = models.CharField("version du texte du mandat", max_length=20)
    last_collected_on = models.DateField("dernier prélèvement le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    provider = models.CharField("prestataire", max_length=20, default="sepa_file")
    # With another provider (Stripe): its customer and saved SEPA payment method, which its
    # collector needs for each off-session debit; empty for sepa_file.
    provider_customer = models.CharField("client chez le prestataire", max_length=255, blank=True)
    provider_payment_method = models.CharField(
        "moyen de paiement chez le prestataire", max_length=255, blank=True
    )

    class Meta:
        verbose_name = "mandat de prélèvement"
        verbose_name_plural = "mandats de prélèvement"
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="debits_mandate_rum_unique"),
            models.CheckConstraint(
                condition=Q(status__in=MandateStatus.values), name="debits_mandate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(type__in=MandateType.values), name="debits_mandate_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def iban_masked(self) -> str:
        """Country and check digits, then the last four characters: enough to recognise it."""
        return f"{self.iban[:4]} •••• •••• {self.iban[-4:]}"


class PlanKind(models.TextChoices):
    FULL = "full", "En une fois"
    THREE = "three", "En 3 mensualités"
    TEN = "ten", "En 10 mensualités"


DEBIT_COUNT = {PlanKind.FULL: 1, PlanKind.THREE: 3, PlanKind.TEN: 10}
# The days of the month debits may be collected on.
COLLECTION_DAYS = (5, 15, 25)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "En cours"
    COMPLETED = "completed", "Terminé"
    CANCELLED = "cancelled", "Arrêté à votre demande"
    # A debit came back: the rest is no longer collected, the doctor pays by another means.
    SUSPENDED = "suspended", "Interrompu après un rejet"


class DebitPlan(models.Model):
    """How one call is paid by direct debit: the kind, the day, the mandate."""

    call = models.ForeignKey(
        "cotisations.DuesCall",
        on_delete=models.PROTECT,
        related_name="debit_plans",
        verbose_name="appel de cotisation",
    )
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="plans", verbose_name="mandat"
    )
    kind = models.CharField("formule", max_length=10, choices=PlanKind.choices)
    collection_day = models.PositiveSmallIntegerField("jour de prélèvement")
    status = models.CharField(
        "état", max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    # Tacit renewal for next year's dues (with a notice in December), unless the doctor opts out.
    renew = models.BooleanField("reconduction tacite", default=True)
    prenotified_at = models.DateTimeField("échéancier envoyé le", null=True, blank=True)
    renewal_notice_sent_at = models.DateTimeField(
        "avis de reconduction envoyé le", null=True, blank=True
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    ended_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "plan de prélèvement"
        verbose_name_plural = "plans de prélèvement"
        ordering = ["-created_at"]
        constraints = [
            # One running plan per call: a double submission finds the first.
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(status="active"),
                name="debits_plan_one_active_per_call",
            ),
            models.CheckConstraint(
                condition=Q(collection_day__in=COLLECTION_DAYS), name="debits_plan_day_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values), name="debits_plan_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="debits_plan_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.pk} ({self.get_kind_display()})"


class Sequence(models.TextChoices):
    FIRST = "FRST", "Premier"
    RECURRING = "RCUR", "Récurrent"
    FINAL = "FNAL", "Dernier"
    ONE_OFF = "OOFF", "Ponctuel"


class DebitStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Prévu"
    BATCHED = "batched", "Transmis à la banque"
    COLLECTED = "collected", "Prélevé"
    REJECTED = "rejected", "Rejeté"
    CANCELLED = "cancelled", "Annulé"


DEBIT_WORKFLOW = Workflow(
    DebitStatus,
    {
        DebitStatus.SCHEDULED: {DebitStatus.BATCHED, DebitStatus.CANCELLED},
        # Once in a file the bank has it: it is collected or comes back, never cancelled here.
        DebitStatus.BATCHED: {DebitStatus.COLLECTED, DebitStatus.REJECTED},
        # A return after settlement (R-transaction: refund, late return).
        DebitStatus.COLLECTED: {DebitStatus.REJECTED},
        DebitStatus.REJECTED: set(),
        DebitStatus.CANCELLED: set(),
    },
    message=(
        "Un prélèvement «\u00a0{current}\u00a0» ne peut pas passer à l’état «\u00a0{target}\u00a0»."
    ),
)


class BatchStatus(models.TextChoices):
    GENERATED = "generated", "Généré"
    SUBMITTED = "submitted", "Remis à la banque"


class DebitBatch(models.Model):
    """One pain.008 file: the debits of one collection date."""

    collection_date = models.DateField("date de prélèvement")
    message_id = models.CharField("identifiant du message", max_length=35, unique=True)
    status = models.CharField(
        "état", max_length=10, choices=BatchStatus.choices, default=BatchStatus.GENERATED
    )
    xml = models.BinaryField("fichier pain.008")
    transaction_count = models.PositiveIntegerField("nombre de prélèvements")
    total_cents = models.PositiveBigIntegerField("montant total (centimes)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="généré par",
    )
    created_at = models.DateTimeField("généré le", auto_now_add=True)
    submitted_at = models.DateTimeField("remis le", null=True, blank=True)

    class Meta:
        verbose_name = "lot de prélèvements"
        verbose_name_plural = "lots de prélèvements"
        ordering = ["-collection_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="debits_batch_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Lot du {french_date(self.collection_date)} ({self.message_id})"


class ScheduledDebit(models.Model):
    """One debit of a plan: its date, amount and sequence, and what became of it."""

    plan = models.ForeignKey(
        DebitPlan, on_delete=models.CASCADE, related_name="debits", verbose_name="plan"
    )
    number = models.PositiveSmallIntegerField("échéance")
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="debits", verbose_name="mandat"
    )
    due_on = models.DateField("date de prélèvement")
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    # Set when the debit goes into a batch: FRST or RCUR depend on what the mandate did before.
    sequence = models.CharField("séquence", max_length=4, choices=Sequence.choices, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=DebitStatus.choices, default=DebitStatus.SCHEDULED
    )
    end_to_end_id = models.CharField("référence de bout en bout", max_length=35, unique=True)
    batch = models.ForeignKey(
        DebitBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="debits",
        verbose_name="lot",
    )
    # Set when another provider (Stripe) collects it instead of a batch: its PaymentIntent id.
    provider_reference = models.CharField("référence du prestataire", max_length=255, blank=True)
    payment = models.OneToOneField(
        "cotisations.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheduled_debit",
        verbose_name="règlement",
    )
    reminder_sent_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    cancel_reason = models.CharField("motif de l’annulation", max_length=255, blank=True)

    class Meta:
        verbose_name = "prélèvement"
        verbose_name_plural = "prélèvements"
        ordering = ["due_on", "plan_id", "number"]
        indexes = [models.Index(fields=["status", "due_on"], name="debits_debit_status_due")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="debits_debit_number_unique"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="debits_debit_positive"),
            models.CheckConstraint(
                condition=Q(status__in=DebitStatus.values), name="debits_debit_status_valid"
            ),
            # Sent to the bank (in a batch, or to another provider) exactly when it left
            # "scheduled", and with its sequence type.
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "cancelled"], batch__isnull=True)
                | (
                    Q(status__in=["batched", "collected", "rejected"])
                    & (Q(batch__isnull=False) | ~Q(provider_reference=""))
                    & ~Q(sequence="")
                ),
                name="debits_debit_sent_has_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"Prélèvement {self.number} du {french_date(self.due_on)}"


class ReturnSource(models.TextChoices):
    PAIN002 = "pain002", "Rapport de statut pain.002"
    STAFF = "staff", "Saisie par le conseil"
    # Another provider (Stripe) said the debit failed, by webhook.
    PROVIDER = "provider", "Prestataire de prélèvement"


class DebitReturn(models.Model):
    """An R-transaction: the bank rejected or returned one debit."""

    debit = models.OneToOneField(
        ScheduledDebit,
        on_delete=models.PROTECT,
        related_name="debit_return",
        verbose_name="prélèvement",
    )
    reason_code = models.CharField("code motif", max_length=4)
    reason_label = models.CharField("motif", max_length=255)
    source = models.CharField("origine", max_length=10, choices=ReturnSource.choices)
    # The pain.002's message id, to trace which file said so.
    source_reference = models.CharField("référence du fichier", max_length=35, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="saisi par",
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "rejet de prélèvement"
        verbose_name_plural = "rejets de prélèvement"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ReturnSource.values), name="debits_return_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(reason_code=""), name="debits_return_code_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason_code} — {self.debit}"
