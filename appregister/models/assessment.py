"""Certification bodies, their assessors, and what they record: a result per criterion, then
a recommendation to the council."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q


class CertificationBody(models.Model):
    """An accredited body; staff create it and its assessors' accounts."""

    name = models.CharField("nom", max_length=200, unique=True)
    accreditation_number = models.CharField("numéro d’accréditation", max_length=50, unique=True)
    accredited_from = models.DateField("accrédité depuis le")
    accredited_until = models.DateField("accréditation valable jusqu’au")
    contact_email = models.EmailField("adresse électronique de contact")
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "organisme évaluateur"
        verbose_name_plural = "organismes évaluateurs"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_until__gte=models.F("accredited_from")),
                name="appreg_body_validity_order",
                violation_error_message="La fin de l’accréditation précède son début.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_accredited_on(self, day: datetime.date) -> bool:
        return self.accredited_from <= day <= self.accredited_until


class BodyMembership(models.Model):
    """An assessor's account, tied to one body: the body account type."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_membership",
        verbose_name="compte",
    )
    body = models.ForeignKey(
        CertificationBody,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name="organisme",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "évaluateur"
        verbose_name_plural = "évaluateurs"

    def __str__(self) -> str:
        return f"{self.user} ({self.body})"


class ResultValue(models.TextChoices):
    MET = "met", "Satisfait"
    NOT_MET = "not_met", "Non satisfait"
    NOT_APPLICABLE = "na", "Sans objet"


class CriterionResult(models.Model):
    application = models.ForeignKey(
        "appregister.AppApplication",
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name="demande",
    )
    criterion = models.ForeignKey(
        "appregister.Criterion", on_delete=models.PROTECT, related_name="+", verbose_name="critère"
    )
    result = models.CharField("résultat", max_length=10, choices=ResultValue.choices)
    comment = models.TextField("commentaire", blank=True)
    evidence_reviewed = models.TextField("éléments examinés", blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="évaluateur",
    )
    at = models.DateTimeField("le", auto_now=True)

    class Meta:
        verbose_name = "résultat d’un critère"
        verbose_name_plural = "résultats par critère"
        ordering = ["criterion__domain__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="appreg_result_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(result__in=ResultValue.values), name="appreg_result_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} : {self.get_result_display()}"


class Recommendation(models.Model):
    """The body's recommendation at the end of an assessment, with the framework version the
    results were recorded against."""

    class Outcome(models.TextChoices):
        FAVOURABLE = "favourable", "Favorable à l’attribution du label"
        UNFAVOURABLE = "unfavourable", "Défavorable"

    application = models.ForeignKey(
        "appregister.AppApplication",
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name="demande",
    )
    body = models.ForeignKey(
        CertificationBody, on_delete=models.PROTECT, related_name="+", verbose_name="organisme"
    )
    framework = models.ForeignKey(
        "appregister.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="version du référentiel utilisée",
    )
    outcome = models.CharField("avis", max_length=20, choices=Outcome.choices)
    summary = models.TextField("synthèse de l’évaluation")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "avis de l’organisme"
        verbose_name_plural = "avis des organismes"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.body})"
