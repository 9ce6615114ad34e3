"""The councils of the Ordre: the national council, the regional ones and the 101 departmental."""

from django.db import models
from django.db.models import Q


class CouncilLevel(models.TextChoices):
    NATIONAL = "national", "Conseil national"
    REGIONAL = "regional", "Conseil régional"
    DEPARTMENTAL = "departmental", "Conseil départemental"


class Council(models.Model):
    # Departmental councils use the département's code ("01", "2A", "974"), regional ones
    # "R-" and the region's INSEE code, the national council "CNOM": codes appear in URLs.
    code = models.SlugField("code", max_length=10, unique=True)
    level = models.CharField("niveau", max_length=20, choices=CouncilLevel.choices)
    name = models.CharField("nom", max_length=200)
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departmental_councils",
        limit_choices_to={"level": CouncilLevel.REGIONAL},
        verbose_name="conseil régional",
    )
    departments = models.JSONField(
        "départements couverts",
        default=list,
        blank=True,
        help_text="Codes des départements : 01 à 95, 2A, 2B, 971 à 976.",
    )
    street = models.CharField("adresse", max_length=255, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    opening_hours = models.TextField("horaires d’ouverture", blank=True)
    # Shipped data is plausible, not real: staff see the flag until they check the entry.
    is_sample = models.BooleanField(
        "données d’exemple",
        default=False,
        help_text="Décochez après avoir vérifié les coordonnées.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "conseil"
        verbose_name_plural = "conseils"
        ordering = ["level", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=CouncilLevel.values), name="councils_council_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
