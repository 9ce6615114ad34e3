"""The criteria framework, as versioned data: versions, their domains, their criteria.

A version is frozen once an application uses it (`is_frozen`): the assessment of that
application keeps reading the requirement texts it was assessed against. Staff change the
framework by copying the current version (`framework_version_copy`), editing the copy, then
making it current (`framework_version_publish`); one version at a time is current, the one new
applications get.
"""

from django.db import models
from django.db.models import Q


class FrameworkVersion(models.Model):
    number = models.PositiveSmallIntegerField("numéro de version", unique=True)
    title = models.CharField("intitulé", max_length=200)
    notes = models.TextField(
        "notes de version",
        blank=True,
        help_text="Ce qui change par rapport à la version précédente.",
    )
    is_current = models.BooleanField(
        "version en vigueur",
        default=False,
        help_text="La version que reçoivent les nouvelles demandes. Une seule à la fois.",
    )
    published_at = models.DateTimeField("mise en vigueur le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "version du référentiel"
        verbose_name_plural = "versions du référentiel"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="appreg_one_current_framework",
                violation_error_message="Une seule version du référentiel peut être en vigueur.",
            ),
            models.CheckConstraint(condition=Q(number__gt=0), name="appreg_framework_number_pos"),
        ]

    def __str__(self) -> str:
        return f"Référentiel v{self.number} — {self.title}"

    @property
    def is_frozen(self) -> bool:
        """Used by an application: its texts are what that assessment read."""
        return self.pk is not None and self.applications.exists()


class Domain(models.Model):
    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name="version",
    )
    code = models.SlugField("code", max_length=40)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("présentation", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "domaine du référentiel"
        verbose_name_plural = "domaines du référentiel"
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="appreg_domain_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="criteria", verbose_name="domaine"
    )
    code = models.CharField("référence", max_length=20, help_text="Par exemple FIN-01.")
    requirement = models.TextField("exigence")
    is_mandatory = models.BooleanField(
        "obligatoire",
        default=True,
        help_text="Un critère obligatoire non satisfait empêche le label.",
    )
    evidence_expected = models.TextField("éléments de preuve attendus")
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère"
        verbose_name_plural = "critères"
        ordering = ["domain__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="appreg_criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.requirement[:60]}"
