"""Attestations of dues paid in full, checkable by anyone."""

from django.db import models


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
