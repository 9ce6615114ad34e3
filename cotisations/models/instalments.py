"""Paying in three: the plan kept with the saved payment method, and its instalments."""

from django.db import models
from django.db.models import Q


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
