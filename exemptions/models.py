"""A doctor's request to be exempted from a year's dues, decided by their departmental council.

The request names the doctor's call, what is asked (total or half exemption), why (a reason
category and the doctor's own words) and carries encrypted supporting documents, in the
vault's format under the vault's keys (docs/vault-format.md). The council's decision adjusts
the call through the dues' services (`cotisations.services.adjustments`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import StepRecord
from portal.workflow import Workflow
from vault.encrypted import EncryptedObject

OPEN_REQUEST_MESSAGE = (
    "Vous avez déjà une demande d’exonération en cours pour cette cotisation\u00a0: votre "
    "conseil départemental l’examine. Vous pouvez y ajouter un justificatif ou la retirer."
)


class ExemptionKind(models.TextChoices):
    TOTAL = "total", "Exonération totale"
    HALF = "half", "Exonération de moitié"


class ExemptionReason(models.TextChoices):
    FINANCIAL = "financial", "Difficultés financières graves"
    ILLNESS = "illness", "Maladie, accident ou invalidité"
    PARENTAL = "parental", "Congé de maternité, de paternité ou parental"
    NO_ACTIVITY = "no_activity", "Interruption d’activité"
    OTHER = "other", "Autre motif"


class ExemptionStatus(models.TextChoices):
    SUBMITTED = "submitted", "En cours d’examen"
    GRANTED_TOTAL = "granted_total", "Exonération totale accordée"
    GRANTED_HALF = "granted_half", "Exonération de moitié accordée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"


DECIDED_STATUSES = (
    ExemptionStatus.GRANTED_TOTAL,
    ExemptionStatus.GRANTED_HALF,
    ExemptionStatus.REFUSED,
)

# Decided once, by the council (whatever was asked: a total request may be granted half);
# the doctor may withdraw while it waits.
EXEMPTION_WORKFLOW = Workflow(
    ExemptionStatus,
    {
        ExemptionStatus.SUBMITTED: {*DECIDED_STATUSES, ExemptionStatus.WITHDRAWN},
        ExemptionStatus.GRANTED_TOTAL: set(),
        ExemptionStatus.GRANTED_HALF: set(),
        ExemptionStatus.REFUSED: set(),
        ExemptionStatus.WITHDRAWN: set(),
    },
    message=(
        "Une demande «\u00a0{current}\u00a0» ne peut plus passer à l’état «\u00a0{target}\u00a0»."
    ),
)


class ExemptionRequest(models.Model):
    call = models.ForeignKey(
        "cotisations.DuesCall",
        on_delete=models.PROTECT,
        related_name="exemption_requests",
        verbose_name="appel de cotisation",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="déposée par",
    )
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemption_requests",
        verbose_name="conseil départemental",
    )
    kind = models.CharField("demande", max_length=10, choices=ExemptionKind.choices)
    reason = models.CharField("motif", max_length=20, choices=ExemptionReason.choices)
    explanation = models.TextField("explication du médecin")
    status = models.CharField(
        "état", max_length=20, choices=ExemptionStatus.choices, default=ExemptionStatus.SUBMITTED
    )
    decision_reason = models.TextField("motif de la décision", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    created_at = models.DateTimeField("reçue le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "demande d’exonération"
        verbose_name_plural = "demandes d’exonération"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "status"], name="exempt_request_council_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExemptionStatus.values), name="exempt_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExemptionKind.values), name="exempt_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ExemptionReason.values), name="exempt_request_reason_valid"
            ),
            # One open request per call: the council decides them one at a time.
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(status=ExemptionStatus.SUBMITTED),
                name="exempt_request_one_open_per_call",
                violation_error_message=OPEN_REQUEST_MESSAGE,
            ),
            # A decision says who took it, when, and why (the doctor reads the reason).
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES)
                | (Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(decision_reason="")),
                name="exempt_request_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande d’exonération n° {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == ExemptionStatus.SUBMITTED


class ExemptionDocument(EncryptedObject):
    """A supporting document of a request: an encrypted object in the vault storage."""

    # Out of reach of the vault's own "v1/" namespace.
    storage_prefix = "exemptions/"
    bound_owner = "request__user"

    request = models.ForeignKey(
        ExemptionRequest,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name="demande",
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "justificatif d’exonération"
        verbose_name_plural = "justificatifs d’exonération"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.display_name


class ExemptionStep(models.TextChoices):
    """The steps the doctor is told about by email."""

    RECEIVED = "received", "Demande reçue"
    GRANTED_TOTAL = "granted_total", "Exonération totale accordée"
    GRANTED_HALF = "granted_half", "Exonération de moitié accordée"
    REFUSED = "refused", "Demande refusée"
    WITHDRAWN = "withdrawn", "Demande retirée"


class ExemptionEvent(StepRecord):
    """One step of a request and whether its email went out (sent once, by a task)."""

    request = models.ForeignKey(
        ExemptionRequest, on_delete=models.CASCADE, related_name="events", verbose_name="demande"
    )
    step = models.CharField("étape", max_length=20, choices=ExemptionStep.choices)

    class Meta(StepRecord.Meta):
        verbose_name = "étape de la demande"
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=ExemptionStep.values), name="exempt_event_step_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_step_display()
