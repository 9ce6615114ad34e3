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
    # `name` folded (lower case, no accents) for the search: `vault.search`.
    search_name = models.CharField(max_length=100, blank=True, editable=False)
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
    description = models.TextField("description", max_length=1000, blank=True)
    tags = models.CharField("mots-clés", max_length=500, blank=True)
    # Name, description and tags folded for the search, kept by the services (`vault.search`).
    search_text = models.TextField(blank=True, editable=False)
    # Versions (`vault.versions`): each version is a row of its own, because the object's
    # associated data binds the row's id. The current one has `version_of` empty; earlier ones
    # point at it and carry the time they were replaced. RESTRICT: a current row cannot be
    # deleted alone (its versions would lose their document), but deleting it together with its
    # versions in one go (an owner's whole vault) is allowed.
    version_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="older_versions",
        verbose_name="version antérieure de",
    )
    superseded_at = models.DateTimeField("remplacée le", null=True, blank=True)
    # The doctor chose to keep it beside a document of the same name rather than as a version.
    kept_apart = models.BooleanField("conservé à part", default=False)

    class Meta(EncryptedObject.Meta):
        verbose_name = "document du coffre"
        verbose_name_plural = "documents du coffre"
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["owner", "trashed_at"], name="vault_doc_owner_trash"),
            models.Index(fields=["expires_on"], name="vault_doc_expiry"),
        ]
        constraints = [
            *EncryptedObject.Meta.constraints,
            models.CheckConstraint(
                condition=Q(version_of__isnull=True) | Q(superseded_at__isnull=False),
                name="vault_document_old_version_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_trashed(self) -> bool:
        return self.trashed_at is not None

    @property
    def is_current(self) -> bool:
        return self.version_of_id is None

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


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
    OPEN = "open", "Consultation de la fiche"
    DESCRIBE = "describe", "Modification de la description"
    VERSION_ADD = "version_add", "Nouvelle version"
    VERSION_DOWNLOAD = "version_download", "Téléchargement d’une version antérieure"
    VERSION_RESTORE = "version_restore", "Rétablissement d’une version"
    VERSION_DELETE = "version_delete", "Suppression d’une version"
    INTEGRITY_FAILURE = "integrity_failure", "Échec du contrôle d’intégrité"
    SHARE = "share", "Partage"
    SHARE_END = "share_end", "Fin de partage"


class AccessLogEntry(models.Model):
    """Who did what, when, from where, on which document: names only, never content or keys."""

    # No index of their own: owner and document lead the two composite indexes below, which
    # serve their lookups and cascades; every index is written on each vault visit (W1).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vault_access_log",
        verbose_name="titulaire",
        db_index=False,
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
        db_index=False,
    )
    document_name = models.CharField("document", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    # A summary of the user agent (« Firefox sur Windows »), never the raw header.
    device = models.CharField("appareil", max_length=60, blank=True)
    via = models.CharField("par", max_length=10, default="web")
    at = models.DateTimeField("date", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "entrée du journal du coffre"
        verbose_name_plural = "journal des accès au coffre"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-at"], name="vault_log_owner_at"),
            models.Index(fields=["document", "-at"], name="vault_log_document_at"),
        ]
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
