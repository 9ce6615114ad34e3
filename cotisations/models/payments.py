"""Money that moves: payments, checkouts and the provider event ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PaymentMethod(models.TextChoices):
    CARD = "card", "Carte bancaire"
    INSTALMENT = "instalment", "Paiement fractionné"
    CHEQUE = "cheque", "Chèque"
    TRANSFER = "transfer", "Virement"
    # SEPA Core direct debit, whoever collects it (Stripe, or the council's bank from a
    # pain.008 file): the provider column tells them apart.
    SEPA_DEBIT = "sepa_debit", "Prélèvement SEPA"


class PaymentStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Reçu"
    REFUNDED = "refunded", "Remboursé"
    # Money that arrived when nothing was left to pay (e.g. a cheque and a card payment crossed):
    # kept for staff to refund, never counted in the balance.
    REFUND_DUE = "refund_due", "À rembourser"
    # A direct debit that came back (an R-transaction: reject, return, refund on the debtor's
    # request) or a card/debit payment the payer disputed: never counted in the balance.
    RETURNED = "returned", "Prélèvement rejeté"
    DISPUTED = "disputed", "Contesté"


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
    # One SEPA direct debit of the balance, the mandate accepted on the provider's page.
    SEPA_DEBIT = "sepa_debit", "Prélèvement SEPA"


class CheckoutStatus(models.TextChoices):
    OPEN = "open", "En cours"
    COMPLETED = "completed", "Payé"
    # A SEPA debit submitted to the bank (mandate accepted), not settled yet: nothing is
    # counted, and no second payment is offered meanwhile.
    PROCESSING = "processing", "Prélèvement en cours"
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
                fields=["call"],
                condition=Q(status=CheckoutStatus.OPEN),
                name="cotis_checkout_one_open",
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="cotis_checkout_positive"),
        ]

    def __str__(self) -> str:
        return self.public_id


class ProviderEvent(models.Model):
    """The ledger: every verified webhook event, once, whatever the number of deliveries."""

    provider = models.CharField(max_length=20, verbose_name="prestataire")
    event_id = models.CharField(max_length=255, verbose_name="identifiant de l’événement")
    type = models.CharField(max_length=100, verbose_name="type")
    payload = models.JSONField(verbose_name="contenu")
    received_at = models.DateTimeField(auto_now_add=True, verbose_name="reçu le")
    processed_at = models.DateTimeField(null=True, blank=True, verbose_name="traité le")
    # Why a well-signed event could not be applied (never the event's values): such an event
    # waits for staff (« À traiter ») until they mark it handled, which sets processed_at.
    error = models.CharField("anomalie", max_length=255, blank=True)

    class Meta:
        verbose_name = "événement du prestataire"
        verbose_name_plural = "événements des prestataires"
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="cotis_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"
