"""A doctor's request to change their roll entry, decided by their departmental council.

The request keeps, for each field the doctor changed, the value on the roll when they asked
and the value they ask for (`changes`); approval writes the new values to the roll. Its
optional supporting document is an encrypted object in the vault's format, under the vault's
keys (docs/vault-format.md), bound to the document id and to the id of the account that
uploaded it.
"""

from typing import Any

from django.conf import settings
from django.db import models

from portal.french_format import french_datetime
from portal.models import StepRecord
from portal.workflow import Workflow
from vault.encrypted import EncryptedObject

# The roll's fields a doctor may ask to change, in the order forms and pages show them.
CHANGEABLE_FIELDS: tuple[str, ...] = ("street", "postcode", "city", "phone", "specialty", "status")

OPEN_REQUEST_MESSAGE = (
    "Vous avez déjà une demande de modification en attente. Attendez la décision de votre "
    "conseil départemental avant d’en signaler une autre, ou ajoutez vos précisions en lui "
    "écrivant."
)


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    APPROVED = "approved", "Acceptée"
    REFUSED = "refused", "Refusée"


# A request is decided once, by the doctor's departmental council.
CHANGE_WORKFLOW = Workflow(
    ChangeStatus,
    {
        ChangeStatus.PENDING: {ChangeStatus.APPROVED, ChangeStatus.REFUSED},
        ChangeStatus.APPROVED: set(),
        ChangeStatus.REFUSED: set(),
    },
    message=(
        "Une demande au statut «\u00a0{current}\u00a0» ne peut pas passer au statut "
        "«\u00a0{target}\u00a0»."
    ),
)


class ChangeStep(models.TextChoices):
    """The steps the doctor is told about by email."""

    RECEIVED = "received", "Demande reçue"
    APPROVED = "approved", "Demande acceptée"
    REFUSED = "refused", "Demande refusée"


class ChangeRequest(models.Model):
    doctor = models.ForeignKey(
        "roll.Doctor",
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name="médecin",
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
        related_name="change_requests",
        verbose_name="conseil départemental",
    )
    status = models.CharField(
        "statut", max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    # {field: {"old": value on the roll when asked, "new": value asked}}, CHANGEABLE_FIELDS only.
    changes = models.JSONField("modifications demandées", default=dict)
    explanation = models.TextField("explication du médecin")
    refusal_reason = models.TextField("motif du refus", blank=True)
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
        verbose_name = "demande de modification du tableau"
        verbose_name_plural = "demandes de modification du tableau"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "status"], name="roll_change_council_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ChangeStatus.values),
                name="roll_change_status_valid",
            ),
            # At most one open request per doctor: the council decides them one at a time.
            models.UniqueConstraint(
                fields=["doctor"],
                condition=models.Q(status=ChangeStatus.PENDING),
                name="roll_change_one_open_per_doctor",
                violation_error_message=OPEN_REQUEST_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ChangeStatus.REFUSED) | ~models.Q(refusal_reason=""),
                name="roll_change_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ChangeStatus.PENDING)
                | models.Q(decided_at__isnull=False, decided_by__isnull=False),
                name="roll_change_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} — {self.doctor}"

    @property
    def is_open(self) -> bool:
        return self.status == ChangeStatus.PENDING

    def change_rows(self) -> list[dict[str, Any]]:
        """Each changed field as {"field", "label", "old", "new"}, in words people read."""
        from roll.models import Doctor, DoctorStatus

        rows = []
        for name in CHANGEABLE_FIELDS:
            if name not in self.changes:
                continue
            values = self.changes[name]
            old, new = values.get("old", ""), values.get("new", "")
            if name == "status":
                labels = dict(DoctorStatus.choices)
                old, new = labels.get(old, old), labels.get(new, new)
            label = str(getattr(Doctor._meta.get_field(name), "verbose_name", name))
            rows.append({"field": name, "label": label, "old": old, "new": new})
        return rows


class ChangeRequestDocument(EncryptedObject):
    """The optional supporting document: an encrypted object in the vault storage."""

    # Out of reach of the vault's own "v1/" namespace.
    storage_prefix = "roll-changes/"
    bound_owner = "request__user"

    request = models.OneToOneField(ChangeRequest, on_delete=models.CASCADE, related_name="document")
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "justificatif de modification"
        verbose_name_plural = "justificatifs de modification"

    def __str__(self) -> str:
        return self.display_name


class ChangeRequestEvent(StepRecord):
    """One step of a request (received, decided) and whether its email went out."""

    request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="events", verbose_name="demande"
    )
    step = models.CharField("étape", max_length=20, choices=ChangeStep.choices)

    class Meta(StepRecord.Meta):
        verbose_name = "étape de la demande"
        constraints = [
            models.UniqueConstraint(fields=["request", "step"], name="roll_change_event_once"),
            models.CheckConstraint(
                condition=models.Q(step__in=ChangeStep.values), name="roll_change_event_step_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({french_datetime(self.at)})"


class ChangeDocumentAccess(models.Model):
    """Each time staff open a doctor's supporting document."""

    document = models.ForeignKey(
        ChangeRequestDocument,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name="justificatif",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "consultation de justificatif"
        verbose_name_plural = "consultations de justificatifs"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor} — {self.document} ({french_datetime(self.at)})"
