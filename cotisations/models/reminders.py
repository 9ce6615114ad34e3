"""Reminders sent for a call: each kind once per call."""

from django.db import models


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
