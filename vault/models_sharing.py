"""A doctor's share of one document or one folder with another doctor of the roll.

A share grants read-only access (the download) until `expires_on` (inclusive, Europe/Paris)
unless it ended first (`ended_at`: revoked by the owner, or its document trashed). Nothing is
copied: the recipient downloads the owner's own encrypted object (see vault.sharing).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

SHARE_MESSAGE_MAX_LENGTH = 1000


class ShareEnd(models.TextChoices):
    REVOKED = "revoked", "Révoqué par le titulaire"
    TRASHED = "trashed", "Document mis à la corbeille"
    EXPIRED = "expired", "Arrivé à échéance"


class Share(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vault_shares_given",
        verbose_name="titulaire",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vault_shares_received",
        verbose_name="destinataire",
    )
    # Exactly one of the two: a document, or a folder (whatever documents are in it now).
    document = models.ForeignKey(
        "vault.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name="document",
    )
    folder = models.ForeignKey(
        "vault.Folder",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name="dossier",
    )
    message = models.TextField(
        "message",
        blank=True,
        validators=[MaxLengthValidator(SHARE_MESSAGE_MAX_LENGTH)],
    )
    expires_on = models.DateField("accessible jusqu’au")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    ended_at = models.DateTimeField("terminé le", null=True, blank=True)
    end_reason = models.CharField(
        "fin", max_length=10, choices=ShareEnd.choices, blank=True, default=""
    )
    email_sent_at = models.DateTimeField("courriel envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "partage du coffre"
        verbose_name_plural = "partages du coffre"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "ended_at"], name="vault_share_recipient"),
            models.Index(fields=["owner", "ended_at"], name="vault_share_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, folder__isnull=True)
                | Q(document__isnull=True, folder__isnull=False),
                name="vault_share_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(owner=models.F("recipient")), name="vault_share_not_self"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, end_reason="")
                | Q(ended_at__isnull=False, end_reason__in=ShareEnd.values),
                name="vault_share_end_reason",
            ),
            # One open share of a target per recipient: a second one would only confuse who
            # can read until when (an expired one is closed before a new one is made).
            models.UniqueConstraint(
                fields=["document", "recipient"],
                condition=Q(ended_at__isnull=True, document__isnull=False),
                name="vault_share_one_open_per_document",
            ),
            models.UniqueConstraint(
                fields=["folder", "recipient"],
                condition=Q(ended_at__isnull=True, folder__isnull=False),
                name="vault_share_one_open_per_folder",
            ),
        ]

    def __str__(self) -> str:
        return f"Partage {self.pk}"

    def is_live(self, today: datetime.date | None = None) -> bool:
        return self.ended_at is None and self.expires_on >= (today or timezone.localdate())

    @property
    def target_name(self) -> str:
        if self.document is not None:
            return self.document.display_name
        assert self.folder is not None
        return self.folder.name
