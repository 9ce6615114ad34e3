"""Publishers, their applications (one app or device each), the evidence they give, history."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import StepRecord
from portal.workflow import Workflow
from vault.encrypted import EncryptedObject


class Publisher(models.Model):
    """The publisher account type: a user who applies for labels on behalf of a company."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="publisher",
        verbose_name="compte",
    )
    company_name = models.CharField("raison sociale", max_length=200)
    siren = models.CharField(
        "numéro SIREN",
        max_length=9,
        help_text="Neuf chiffres, sans espace.",
    )
    contact_name = models.CharField("personne à contacter", max_length=200)
    contact_phone = models.CharField("téléphone", max_length=20)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "éditeur"
        verbose_name_plural = "éditeurs"
        ordering = ["company_name"]
        constraints = [
            models.CheckConstraint(condition=Q(siren__regex=r"^[0-9]{9}$"), name="appreg_siren_9"),
        ]

    def __str__(self) -> str:
        return self.company_name


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Envoyée, en attente d’attribution"
    INFO_REQUESTED = "info_requested", "Compléments demandés"
    ASSIGNED = "assigned", "En cours d’évaluation"
    ASSESSED = "assessed", "Évaluée, en attente de la décision"
    GRANTED = "granted", "Labellisée"
    REFUSED = "refused", "Refusée"
    SUSPENDED = "suspended", "Label suspendu"
    WITHDRAWN = "withdrawn", "Label retiré"


S = ApplicationStatus

# The statuses an application has once it holds a label: listed in the public register.
LABELLED_STATUSES = (S.GRANTED, S.SUSPENDED, S.WITHDRAWN)
# The publisher may edit the file while it is a draft or when the council asked for more.
EDITABLE_STATUSES = (S.DRAFT, S.INFO_REQUESTED)

APPLICATION_WORKFLOW = Workflow(
    ApplicationStatus,
    {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.ASSIGNED, S.INFO_REQUESTED, S.REFUSED},
        S.INFO_REQUESTED: {S.SUBMITTED},
        S.ASSIGNED: {S.ASSESSED},
        S.ASSESSED: {S.GRANTED, S.REFUSED, S.INFO_REQUESTED},
        S.GRANTED: {S.SUSPENDED, S.WITHDRAWN},
        S.SUSPENDED: {S.GRANTED, S.WITHDRAWN},
        S.REFUSED: set(),
        S.WITHDRAWN: set(),
    },
    message=(
        "Une demande au statut «\u00a0{current}\u00a0» ne peut pas passer au statut "
        "«\u00a0{target}\u00a0»."
    ),
)


class UseDomain(models.TextChoices):
    PREVENTION = "prevention", "Prévention et bien-être"
    CHRONIC = "chronic", "Suivi d’une maladie chronique"
    MEASUREMENT = "measurement", "Mesure et surveillance (objet connecté)"
    MENTAL = "mental", "Santé mentale"
    TELEHEALTH = "telehealth", "Télésurveillance et téléconsultation"
    DECISION = "decision", "Aide à la décision des professionnels"
    INFORMATION = "information", "Information et éducation à la santé"


class Audience(models.TextChoices):
    PATIENTS = "patients", "Patients et grand public"
    PROFESSIONALS = "professionals", "Professionnels de santé"
    BOTH = "both", "Patients et professionnels"


class RegulatoryStatus(models.TextChoices):
    NOT_MEDICAL_DEVICE = "not_md", "N’est pas un dispositif médical"
    MEDICAL_DEVICE = "md", "Dispositif médical marqué CE"


class MedicalDeviceClass(models.TextChoices):
    I = "I", "Classe I"  # noqa: E741
    IIA = "IIa", "Classe IIa"
    IIB = "IIb", "Classe IIb"
    III = "III", "Classe III"


class HostingLocation(models.TextChoices):
    FRANCE = "france", "France"
    EU = "eu", "Union européenne (hors France)"
    OUTSIDE_EU = "outside_eu", "Hors de l’Union européenne"


PLATFORM_FIELDS = ("on_ios", "on_android", "on_web", "on_device")


class AppApplication(models.Model):
    """One application for one app or device, assessed against one framework version."""

    publisher = models.ForeignKey(
        Publisher, on_delete=models.PROTECT, related_name="applications", verbose_name="éditeur"
    )
    framework = models.ForeignKey(
        "appregister.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="version du référentiel",
    )
    status = models.CharField(
        "statut", max_length=20, choices=ApplicationStatus.choices, default=S.DRAFT
    )
    # The product.
    name = models.CharField("nom de l’application ou de l’objet", max_length=150, blank=True)
    version = models.CharField("version évaluée", max_length=50, blank=True)
    on_ios = models.BooleanField("iOS (iPhone et iPad)", default=False)
    on_android = models.BooleanField("Android", default=False)
    on_web = models.BooleanField("Navigateur web", default=False)
    on_device = models.BooleanField("Objet connecté", default=False)
    url = models.URLField("adresse du site de présentation", blank=True)
    # Its use.
    purpose = models.TextField("finalité (usage prévu)", blank=True)
    use_domain = models.CharField(
        "domaine d’usage", max_length=20, choices=UseDomain.choices, blank=True
    )
    audience = models.CharField(
        "utilisateurs prévus", max_length=20, choices=Audience.choices, blank=True
    )
    intended_users = models.TextField("utilisateurs prévus, précisés", blank=True)
    # Regulation and hosting.
    regulatory_status = models.CharField(
        "statut réglementaire", max_length=10, choices=RegulatoryStatus.choices, blank=True
    )
    device_class = models.CharField(
        "classe du dispositif médical", max_length=3, choices=MedicalDeviceClass.choices, blank=True
    )
    ce_certificate = models.CharField(
        "référence du certificat ou de la déclaration CE", max_length=100, blank=True
    )
    hosting_provider = models.CharField("hébergeur des données", max_length=200, blank=True)
    hds_certificate = models.CharField(
        "numéro du certificat HDS de l’hébergeur", max_length=100, blank=True
    )
    hosting_location = models.CharField(
        "lieu d’hébergement", max_length=20, choices=HostingLocation.choices, blank=True
    )
    # The council's side.
    body = models.ForeignKey(
        "appregister.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="organisme évaluateur",
    )
    assigned_at = models.DateTimeField("attribuée le", null=True, blank=True)
    council_message = models.TextField("compléments demandés par l’Ordre", blank=True)
    refusal_reason = models.TextField("motifs du refus", blank=True)
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)
    complete_at = models.DateTimeField(
        "dossier complet le",
        null=True,
        blank=True,
        help_text="Le dernier envoi d’un dossier complet : point de départ du délai de décision.",
    )
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "demande de label"
        verbose_name_plural = "demandes de label"
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "body"], name="appreg_app_status_body")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="appreg_app_status_valid"
            ),
            # An application under assessment or later has a body that assessed it.
            models.CheckConstraint(
                condition=~Q(status__in=[S.ASSIGNED, S.ASSESSED, *LABELLED_STATUSES])
                | Q(body__isnull=False),
                name="appreg_app_assessed_has_body",
            ),
            models.CheckConstraint(
                condition=~Q(status=S.REFUSED) | ~Q(refusal_reason=""),
                name="appreg_app_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Demande n° {self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def platforms(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in PLATFORM_FIELDS
            if getattr(self, name)
        ]

    @property
    def is_medical_device(self) -> bool:
        return self.regulatory_status == RegulatoryStatus.MEDICAL_DEVICE

    @property
    def decision_due(self) -> datetime.date | None:
        """The date the council should decide by: DECISION_MONTHS after a complete file."""
        if self.complete_at is None or self.status not in (S.SUBMITTED, S.ASSIGNED, S.ASSESSED):
            return None
        start = self.complete_at.date()
        months = settings.APPREGISTER_DECISION_MONTHS
        month = start.month - 1 + months
        year, month = start.year + month // 12, month % 12 + 1
        for day in (start.day, 30, 29, 28):
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")


class Evidence(models.Model):
    """What the publisher says meets one criterion (text; documents hang off the application)."""

    application = models.ForeignKey(
        AppApplication, on_delete=models.CASCADE, related_name="evidence", verbose_name="demande"
    )
    criterion = models.ForeignKey(
        "appregister.Criterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="critère",
    )
    text = models.TextField("éléments fournis", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "élément de preuve"
        verbose_name_plural = "éléments de preuve"
        ordering = ["criterion__domain__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="appreg_evidence_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} : {self.text[:60]}"


class EvidenceDocument(EncryptedObject):
    """A document of evidence: an encrypted object in the vault storage, in the vault's format
    (docs/vault-format.md), bound to this document id and to the publisher's user id."""

    storage_prefix = "appregister/"
    bound_owner = "application__publisher__user"

    application = models.ForeignKey(
        AppApplication, on_delete=models.CASCADE, related_name="documents", verbose_name="demande"
    )
    criterion = models.ForeignKey(
        "appregister.Criterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="critère",
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "document de preuve"
        verbose_name_plural = "documents de preuve"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.display_name


class ApplicationEvent(StepRecord):
    """One step of an application (a status change, or an assignment), emailed once."""

    application = models.ForeignKey(
        AppApplication, on_delete=models.CASCADE, related_name="history", verbose_name="demande"
    )
    from_status = models.CharField(
        "ancien statut", max_length=20, choices=ApplicationStatus.choices
    )
    to_status = models.CharField("nouveau statut", max_length=20, choices=ApplicationStatus.choices)
    message = models.TextField("message", blank=True)

    class Meta(StepRecord.Meta):
        verbose_name = "étape de la demande"

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
