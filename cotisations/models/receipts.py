"""Receipt numbers: one per payment received, gap-free per (year, council)."""

from django.db import models
from django.db.models import Q


class ReceiptCounter(models.Model):
    """The last number given for a (campaign year, council): the row a new number locks."""

    year = models.PositiveSmallIntegerField("année")
    # The departmental council's code ("69", "2A"), or the call's département when no
    # council covers it: the number's series.
    council = models.CharField("conseil", max_length=10)
    last_number = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de reçus"
        verbose_name_plural = "compteurs de reçus"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "council"], name="cotis_receipt_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} / {self.council} : {self.last_number}"


class Receipt(models.Model):
    """The number of a payment's receipt (`2027-000123`), given once and never reused."""

    payment = models.OneToOneField(
        "cotisations.Payment",
        on_delete=models.PROTECT,
        related_name="receipt",
        verbose_name="règlement",
    )
    year = models.PositiveSmallIntegerField("année")
    council = models.CharField("conseil", max_length=10)
    sequence = models.PositiveIntegerField("numéro d’ordre")
    issued_at = models.DateTimeField("attribué le", auto_now_add=True)

    class Meta:
        verbose_name = "reçu"
        verbose_name_plural = "reçus"
        ordering = ["year", "council", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "council", "sequence"], name="cotis_receipt_number_unique"
            ),
            models.CheckConstraint(condition=Q(sequence__gt=0), name="cotis_receipt_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return receipt_number(self.year, self.sequence)


def receipt_number(year: int, sequence: int) -> str:
    """`2027-000123`: the year of the dues, then the rank within the council's series."""
    return f"{year}-{sequence:06d}"
