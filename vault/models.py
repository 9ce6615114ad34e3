"""Documents of a doctor's vault, their folders, and the access log the doctor reads.

The database holds metadata only; content lives encrypted in the `vault` storage under a
server-generated name (the columns and their constraints: `vault.encrypted.EncryptedObject`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from vault.encrypted import EncryptedObject


class Folder(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vault_folders",
        verbose_name="titulaire",
    )
    name = models.CharField("nom", max_length=100)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "dossier du coffre"
        verbose_name_plural = "dossiers du coffre"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "owner", Lower("name"), name="vault_folder_unique_name_per_owner"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="vault_folder_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Document(EncryptedObject):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vault_documents",
        verbose_name="titulaire",
    )
    folder = models.ForeignKey(
        Folder,
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    expires_on = models.DateField("date d’expiration", null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name="rappel d’expiration envoyé le"
    )
    created_at = models.DateTimeField("déposé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    trashed_at = models.DateTimeField("mis à la corbeille le", null=True, blank=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "document du coffre"
        verbose_name_plural = "documents du coffre"
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["owner", "trashed_at"], name="vault_doc_owner_trash"),
            models.Index(fields=["expires_on"], name="vault_doc_expiry"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_trashed(self) -> bool:
        return self.trashed_at is not None


class AccessAction(models.TextChoices):
    VIEW = "view", "Consultation de la liste"
    UPLOAD = "upload", "Dépôt"
    DOWNLOAD = "download", "Téléchargement"
    RENAME = "rename", "Renommage"
    MOVE = "move", "Déplacement"
    TRASH = "trash", "Mise à la corbeille"
    RESTORE = "restore", "Restauration"
    PURGE = "purge", "Suppression définitive"
    EXPORT = "export", "Export"
    INTEGRITY_FAILURE = "integrity_failure", "Échec du contrôle d’intégrité"
    SHARE = "share", "Partage"
    SHARE_END = "share_end", "Fin de partage"


class AccessLogEntry(models.Model):
    """Who did what, when, from where, on which document: names only, never content or keys."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vault_access_log",
        verbose_name="titulaire",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="auteur",
    )
    action = models.CharField("action", max_length=20, choices=AccessAction.choices)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="document",
    )
    document_name = models.CharField("document", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    via = models.CharField("par", max_length=10, default="web")
    at = models.DateTimeField("date", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "entrée du journal du coffre"
        verbose_name_plural = "journal des accès au coffre"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["owner", "-at"], name="vault_log_owner_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AccessAction.values), name="vault_log_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.document_name}"


# Shares with another doctor live in their own module; imported here so Django finds them.
from vault.models_sharing import Share, ShareEnd  # noqa: E402

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "Document",
    "Folder",
    "Share",
    "ShareEnd",
]
