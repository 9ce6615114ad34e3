"""Labels (numbered gap-free per year), life after the label: material changes, doctors'
reports, renewal reminders."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

LABEL_PREFIX = "ODM-APP"


def label_number(year: int, sequence: int) -> str:
    """`ODM-APP-2027-0042`: the year the label was granted, then its rank that year."""
    return f"{LABEL_PREFIX}-{year}-{sequence:04d}"


class LabelCounter(models.Model):
    """The last number given in a year: the row a new number locks (as receipts do)."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    last_number = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de labels"
        verbose_name_plural = "compteurs de labels"

    def __str__(self) -> str:
        return f"{self.year} : {self.last_number}"


class Label(models.Model):
    application = models.OneToOneField(
        "appregister.AppApplication",
        on_delete=models.PROTECT,
        related_name="label",
        verbose_name="demande",
    )
    year = models.PositiveSmallIntegerField("année")
    sequence = models.PositiveIntegerField("numéro d’ordre")
    number = models.CharField("numéro de label", max_length=30, unique=True, editable=False)
    valid_from = models.DateField("valable à partir du")
    valid_until = models.DateField("valable jusqu’au")
    suspended_at = models.DateTimeField("suspendu le", null=True, blank=True)
    suspension_reason = models.TextField("motif de la suspension", blank=True)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    withdrawal_reason = models.TextField("motif du retrait", blank=True)

    class Meta:
        verbose_name = "label"
        verbose_name_plural = "labels"
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="appreg_label_seq_unique"),
            models.CheckConstraint(condition=Q(sequence__gt=0), name="appreg_label_seq_pos"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="appreg_label_validity_order",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="appreg_label_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: object, **kwargs: object) -> None:
        self.number = label_number(self.year, self.sequence)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_expired_on(self, day: datetime.date) -> bool:
        return day > self.valid_until


class MaterialChangeKind(models.TextChoices):
    NEW_VERSION = "new_version", "Nouvelle version"
    NEW_HOSTING = "new_hosting", "Nouvel hébergeur ou nouveau lieu d’hébergement"
    PURPOSE = "purpose", "Changement de finalité ou d’utilisateurs"
    OTHER = "other", "Autre changement important"


class MaterialChange(models.Model):
    """A change the publisher must declare on a labelled app; staff review it."""

    application = models.ForeignKey(
        "appregister.AppApplication",
        on_delete=models.CASCADE,
        related_name="material_changes",
        verbose_name="demande",
    )
    kind = models.CharField("nature", max_length=20, choices=MaterialChangeKind.choices)
    new_version = models.CharField("nouvelle version", max_length=50, blank=True)
    description = models.TextField("description du changement")
    effective_on = models.DateField("date d’effet")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    declared_at = models.DateTimeField("déclaré le", auto_now_add=True)
    reviewed_at = models.DateTimeField("examiné le", null=True, blank=True)

    class Meta:
        verbose_name = "changement déclaré"
        verbose_name_plural = "changements déclarés"
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MaterialChangeKind.values), name="appreg_change_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.application}"


class ProblemReport(models.Model):
    """A doctor's report of a problem with a labelled app, for staff."""

    application = models.ForeignKey(
        "appregister.AppApplication",
        on_delete=models.CASCADE,
        related_name="problem_reports",
        verbose_name="application",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="signalé par",
    )
    message = models.TextField("problème constaté")
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    acknowledged_at = models.DateTimeField("accusé de réception envoyé le", null=True, blank=True)
    handled_at = models.DateTimeField("traité le", null=True, blank=True)

    class Meta:
        verbose_name = "signalement d’un médecin"
        verbose_name_plural = "signalements des médecins"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Signalement n° {self.pk} — {self.application}"


class RenewalReminder(models.Model):
    """One renewal reminder sent for a label, so that a re-run never sends it twice."""

    label = models.ForeignKey(
        Label, on_delete=models.CASCADE, related_name="reminders", verbose_name="label"
    )
    days_before = models.PositiveSmallIntegerField("jours avant l’échéance")
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel de renouvellement"
        verbose_name_plural = "rappels de renouvellement"
        constraints = [
            models.UniqueConstraint(fields=["label", "days_before"], name="appreg_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.label} — J-{self.days_before}"
