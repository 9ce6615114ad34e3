"""The helper's state: the cues staff edit, and the analyses a doctor chose to keep.

A kept analysis is an encrypted object like a vault document (`vault.encrypted`): the review
text, its URL and the categories found are only in the ciphertext; the row holds the platform
and the publication date, which the list of kept analyses shows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ereputation.categories import PLATFORM_CHOICES, CueFamily, CueKind
from ereputation.matching import pattern_error
from vault.encrypted import EncryptedObject


class Cue(models.Model):
    """A word, phrase or pattern that is evidence of a category (or of care, emotion, or of a
    breach of secrecy in a reply)."""

    family = models.CharField("famille", max_length=20, choices=CueFamily.choices)
    kind = models.CharField("type", max_length=10, choices=CueKind.choices, default=CueKind.WORDS)
    text = models.CharField(
        "mot, expression ou motif",
        max_length=1000,
        help_text=(
            "Un mot ou une expression, ou une expression régulière pour le type "
            "«\u00a0motif\u00a0»."
        ),
    )
    weight = models.PositiveSmallIntegerField(
        "poids",
        choices=[(1, "1 — indice faible (il en faut deux)"), (2, "2 — indice suffisant")],
        default=2,
    )
    active = models.BooleanField("actif", default=True)
    note = models.CharField("note", max_length=200, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "indice"
        verbose_name_plural = "indices"
        ordering = ["family", "kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "kind", "text"], name="ereputation_cue_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__in=[1, 2]), name="ereputation_cue_weight_1_or_2"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="ereputation_cue_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_family_display()}\u00a0: {self.text}"

    def clean(self) -> None:
        if self.kind == CueKind.PATTERN and (error := pattern_error(self.text)):
            raise ValidationError({"text": f"Ce motif n’est pas valide\u00a0: {error}."})


class KeptAnalysis(EncryptedObject):
    """An analysis the doctor kept in their space: an encrypted JSON document."""

    storage_prefix = "ereputation/"
    bound_owner = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kept_review_analyses",
        verbose_name="médecin",
    )
    platform = models.CharField("plateforme", max_length=20, choices=PLATFORM_CHOICES)
    published_on = models.DateField("date de publication de l’avis")
    created_at = models.DateTimeField("conservée le", auto_now_add=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "analyse d’avis conservée"
        verbose_name_plural = "analyses d’avis conservées"
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.display_name
