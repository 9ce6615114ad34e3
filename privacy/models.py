"""Rights a person exercises alone: their data export, and the closure of their account.

A `DataExport` is one ZIP built by a task and stored encrypted in the vault's storage (the
vault's object format, under `privacy-exports/v1/`); the row keeps what reading it back
needs (size, SHA-256) and nothing of its content. An `AccountClosure` is the record of one
closure: the account is shut at once and purged after the grace period unless reopened.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.workflow import Workflow

EXPORT_STORAGE_PREFIX = "privacy-exports/"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En préparation"
    READY = "ready", "Prête"
    FAILED = "failed", "Échouée"


EXPORT_WORKFLOW = Workflow(
    ExportStatus,
    {
        ExportStatus.PENDING: {ExportStatus.RUNNING, ExportStatus.FAILED},
        ExportStatus.RUNNING: {ExportStatus.READY, ExportStatus.FAILED},
        ExportStatus.READY: set(),
        ExportStatus.FAILED: set(),
    },
    message="Une exportation «\u00a0{current}\u00a0» ne peut pas passer à «\u00a0{target}\u00a0».",
)


class DataExport(models.Model):
    # Asked for and not finished yet: at most one per person (a constraint below).
    IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name="compte",
    )
    include_documents = models.BooleanField("avec les documents du coffre-fort", default=False)
    status = models.CharField(
        "statut", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape en cours", max_length=100, blank=True)
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    ready_at = models.DateTimeField("prête le", null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    downloaded_at = models.DateTimeField("téléchargée le", null=True, blank=True)
    notified_at = models.DateTimeField("courriel envoyé le", null=True, blank=True)
    # The encrypted object (vault format): empty until ready.
    storage_name = models.CharField("nom de stockage", max_length=200, blank=True)
    size = models.BigIntegerField("taille (octets)", null=True, blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    kek_id = models.CharField("clé de chiffrement (KEK)", max_length=32, blank=True)

    class Meta:
        verbose_name = "exportation de données"
        verbose_name_plural = "exportations de données"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "running"]),
                name="privacy_one_export_in_progress_per_user",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="privacy_export_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (Q(expires_at__isnull=False) & ~Q(storage_name="") & Q(size__isnull=False)),
                name="privacy_export_ready_has_object",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="privacy_export_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.get_status_display()}"

    @property
    def filename(self) -> str:
        stamp = (self.ready_at or self.requested_at).date().isoformat()
        return f"mes-donnees-ordre-{stamp}.zip"


class ClosureStatus(models.TextChoices):
    CLOSED = "closed", "Fermé (délai de grâce)"
    REOPENED = "reopened", "Rouvert"
    PURGED = "purged", "Effacé"


# After the purge nothing goes back: the data is gone.
CLOSURE_WORKFLOW = Workflow(
    ClosureStatus,
    {
        ClosureStatus.CLOSED: {ClosureStatus.REOPENED, ClosureStatus.PURGED},
        ClosureStatus.REOPENED: set(),
        ClosureStatus.PURGED: set(),
    },
    message="Un compte «\u00a0{current}\u00a0» ne peut pas passer à «\u00a0{target}\u00a0».",
)


class AccountClosure(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="closures",
        verbose_name="compte",
    )
    status = models.CharField(
        "statut", max_length=10, choices=ClosureStatus.choices, default=ClosureStatus.CLOSED
    )
    closed_at = models.DateTimeField("fermé le", default=timezone.now)
    purge_after = models.DateTimeField("effacement à partir du")
    reopened_at = models.DateTimeField("rouvert le", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rouvert par",
    )
    purged_at = models.DateTimeField("effacé le", null=True, blank=True)

    class Meta:
        verbose_name = "fermeture de compte"
        verbose_name_plural = "fermetures de compte"
        ordering = ["-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="closed"),
                name="privacy_one_open_closure_per_user",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClosureStatus.values), name="privacy_closure_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="purged") | Q(purged_at__isnull=False),
                name="privacy_closure_purged_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.get_status_display()}"
