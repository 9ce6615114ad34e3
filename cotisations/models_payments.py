"""Money that moves: payments, checkouts, instalments, the provider event ledger, reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PaymentMethod(models.TextChoices):
    CARD = "card", "Carte bancaire"
    INSTALMENT = "instalment", "Paiement fractionné"
    CHEQUE = "cheque", "Chèque"
    TRANSFER = "transfer", "Virement"


class PaymentStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Reçu"
    REFUNDED = "refunded", "Remboursé"
    # Money that arrived when nothing was left to pay (e.g. a cheque and a card payment crossed):
    # kept for staff to refund, never counted in the balance.
    REFUND_DUE = "refund_due", "À rembourser"


class Payment(models.Model):
    call = models.ForeignKey(
        "cotisations.DuesCall",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name="appel de cotisation",
    )
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    method = models.CharField("moyen de paiement", max_length=12, choices=PaymentMethod.choices)
    provider = models.CharField("prestataire", max_length=20, blank=True)
    provider_reference = models.CharField("référence du prestataire", max_length=255, blank=True)
    reference = models.CharField(
        "référence", max_length=100, blank=True, help_text="Numéro de chèque ou de virement."
    )
    status = models.CharField(
        "état", max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.SUCCEEDED
    )
    received_on = models.DateField("date de réception")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="enregistré par",
    )
    refund_reason = models.CharField("motif du remboursement", max_length=255, blank=True)
    # The provider's refund (e.g. Stripe `re_...`); empty for offline payments, refunded outside
    # the portal.
    refund_reference = models.CharField("référence du remboursement", max_length=255, blank=True)
    # The payment confirmation email went out (sent once per payment, see
    # cotisations/services/confirmations.py).
    confirmation_sent_at = models.DateTimeField("confirmation envoyée le", null=True, blank=True)
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "règlement"
        verbose_name_plural = "règlements"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="cotis_payment_positive"),
            models.CheckConstraint(
                condition=Q(method__in=PaymentMethod.values), name="cotis_payment_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PaymentStatus.values), name="cotis_payment_status_valid"
            ),
            # One provider payment is recorded once, however many webhooks announce it.
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="cotis_payment_provider_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Règlement {self.pk} ({self.get_method_display()})"


class CheckoutMode(models.TextChoices):
    FULL = "full", "En une fois"
    INSTALMENTS = "instalments", "En 3 fois"


class CheckoutStatus(models.TextChoices):
    OPEN = "open", "En cours"
    COMPLETED = "completed", "Payé"
    DECLINED = "declined", "Refusé"
    CANCELLED = "cancelled", "Abandonné"
    EXPIRED = "expired", "Expiré"


class Checkout(models.Model):
    """One visit to the provider's payment page for a call."""

    public_id = models.CharField(max_length=40, unique=True)
    call = models.ForeignKey(
        "cotisations.DuesCall", on_delete=models.PROTECT, related_name="checkouts"
    )
    mode = models.CharField(max_length=12, choices=CheckoutMode.choices)
    amount_cents = models.PositiveIntegerField("montant débité maintenant (centimes)")
    provider = models.CharField(max_length=20)
    provider_session_id = models.CharField(max_length=255, blank=True)
    redirect_url = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=12, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "paiement en ligne"
        verbose_name_plural = "paiements en ligne"
        constraints = [
            # A double click finds the open checkout instead of opening a second one.
            models.UniqueConstraint(
                fields=["call"], condition=Q(status="open"), name="cotis_checkout_one_open"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="cotis_checkout_positive"),
        ]

    def __str__(self) -> str:
        return self.public_id


class InstalmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Prévue"
    PROCESSING = "processing", "En cours"
    PAID = "paid", "Prélevée"
    FAILED = "failed", "Échec"
    CANCELLED = "cancelled", "Annulée"


class InstalmentPlan(models.Model):
    call = models.OneToOneField(
        "cotisations.DuesCall",
        on_delete=models.PROTECT,
        related_name="instalment_plan",
        verbose_name="appel de cotisation",
    )
    provider = models.CharField(max_length=20, verbose_name="prestataire")
    customer_reference = models.CharField(
        max_length=255, blank=True, verbose_name="référence du client chez le prestataire"
    )
    payment_method_reference = models.CharField(
        max_length=255, blank=True, verbose_name="référence du moyen de paiement"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="créé le")

    class Meta:
        verbose_name = "paiement fractionné"
        verbose_name_plural = "paiements fractionnés"

    def __str__(self) -> str:
        return f"Échéancier {self.call_id}"


class Instalment(models.Model):
    plan = models.ForeignKey(
        InstalmentPlan,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name="échéancier",
    )
    number = models.PositiveSmallIntegerField("échéance n°")
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    due_on = models.DateField("date de prélèvement")
    status = models.CharField(
        "état", max_length=12, choices=InstalmentStatus.choices, default=InstalmentStatus.SCHEDULED
    )
    provider_reference = models.CharField("référence du prestataire", max_length=255, blank=True)

    class Meta:
        verbose_name = "échéance"
        verbose_name_plural = "échéances"
        ordering = ["plan", "number"]
        indexes = [models.Index(fields=["status", "due_on"], name="cotis_instalment_due")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="cotis_instalment_unique"),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="cotis_instalment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Échéance {self.number}"


class ProviderEvent(models.Model):
    """The ledger: every verified webhook event, once, whatever the number of deliveries."""

    provider = models.CharField(max_length=20, verbose_name="prestataire")
    event_id = models.CharField(max_length=255, verbose_name="identifiant de l’événement")
    type = models.CharField(max_length=100, verbose_name="type")
    payload = models.JSONField(verbose_name="contenu")
    received_at = models.DateTimeField(auto_now_add=True, verbose_name="reçu le")
    processed_at = models.DateTimeField(null=True, blank=True, verbose_name="traité le")

    class Meta:
        verbose_name = "événement du prestataire"
        verbose_name_plural = "événements des prestataires"
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="cotis_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"


class ReminderKind(models.TextChoices):
    BEFORE_30 = "before_30", "30 jours avant l’échéance"
    BEFORE_7 = "before_7", "7 jours avant l’échéance"
    DEADLINE = "deadline", "Jour de l’échéance"
    OVERDUE_1 = "overdue_1", "1re relance après l’échéance"
    OVERDUE_2 = "overdue_2", "2e relance après l’échéance"
    OVERDUE_3 = "overdue_3", "3e relance après l’échéance"
    INSTALMENT_2 = "instalment_2", "Annonce de la 2e échéance"
    INSTALMENT_3 = "instalment_3", "Annonce de la 3e échéance"
    INSTALMENT_FAILED = "instalment_failed", "Échec d’un prélèvement"


class ReminderLog(models.Model):
    call = models.ForeignKey(
        "cotisations.DuesCall",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name="appel de cotisation",
    )
    kind = models.CharField("relance", max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "relance envoyée"
        verbose_name_plural = "relances envoyées"
        ordering = ["-sent_at"]
        constraints = [
            # A re-run, a retry or a redelivered task finds the row and sends nothing twice.
            models.UniqueConstraint(fields=["call", "kind"], name="cotis_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.call_id}"


class Attestation(models.Model):
    """Proof that a year's dues are paid in full, checkable by anyone at /verifier/<code>/."""

    call = models.OneToOneField(
        "cotisations.DuesCall", on_delete=models.PROTECT, related_name="attestation"
    )
    # 128 random bits in base32 (26 characters): unguessable, easy to read out.
    code = models.CharField(max_length=32, unique=True)
    amount_cents = models.PositiveIntegerField()
    paid_on = models.DateField("réglée le")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "attestation de paiement"
        verbose_name_plural = "attestations de paiement"

    def __str__(self) -> str:
        return f"Attestation {self.code}"
