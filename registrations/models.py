"""First registration of students and interns: the request, its documents and its history."""

import datetime
import unicodedata
from typing import Any

from django.conf import settings
from django.db import models

from portal.french_format import french_datetime, typographic_apostrophes
from portal.models import StepRecord
from portal.workflow import Workflow
from roll.models import Civility
from vault.encrypted import EncryptedObject

DUPLICATE_MESSAGE = (
    "Une demande existe déjà pour une personne de mêmes nom, prénom et date de naissance. "
    "Connectez-vous avec le compte qui l’a créée pour la suivre, ou contactez votre conseil "
    "départemental."
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace("-", " ").replace("'", " ").split())


def person_key(last_name: str, first_name: str, birth_date: datetime.date | None) -> str | None:
    """Lefèvre, LEFEVRE and le fèvre born the same day are one person."""
    if not (last_name.strip() and first_name.strip() and birth_date):
        return None
    return f"{_fold(last_name)}|{_fold(first_name)}|{birth_date.isoformat()}"


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Envoyée, en cours d’examen"
    DOCUMENTS_REQUESTED = "documents_requested", "Documents demandés"
    APPROVED = "approved", "Acceptée"
    REJECTED = "rejected", "Refusée"


# A draft is sent; staff ask for documents (the applicant sends it back), accept or refuse.
REGISTRATION_WORKFLOW = Workflow(
    RegistrationStatus,
    {
        RegistrationStatus.DRAFT: {RegistrationStatus.SUBMITTED},
        RegistrationStatus.SUBMITTED: {
            RegistrationStatus.DOCUMENTS_REQUESTED,
            RegistrationStatus.APPROVED,
            RegistrationStatus.REJECTED,
        },
        RegistrationStatus.DOCUMENTS_REQUESTED: {
            RegistrationStatus.SUBMITTED,
            RegistrationStatus.REJECTED,
        },
        RegistrationStatus.APPROVED: set(),
        RegistrationStatus.REJECTED: set(),
    },
    message=(
        "Une demande au statut «\u00a0{current}\u00a0» ne peut pas passer au statut "
        "«\u00a0{target}\u00a0»."
    ),
)


class Phase(models.TextChoices):
    THIRD_CYCLE = "third_cycle", "Interne (troisième cycle)"
    JUNIOR_DOCTOR = "junior_doctor", "Docteur junior"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", "Pièce d’identité"
    STUDIES = "studies", "Certificat de scolarité ou diplôme"
    OTHER = "other", "Autre document demandé"


class Specialty(models.Model):
    """A DES (diplôme d'études spécialisées); staff maintain the list in admin."""

    name = models.CharField("intitulé", max_length=150, unique=True)
    is_active = models.BooleanField(
        "proposée", default=True, help_text="Seules les spécialités proposées sont au choix."
    )

    class Meta:
        verbose_name = "spécialité (DES)"
        verbose_name_plural = "spécialités (DES)"
        ordering = ["name"]

    def __str__(self) -> str:
        return typographic_apostrophes(self.name)


class RegistrationRequest(models.Model):
    """One per account; fields stay blank while a draft, completeness is checked on submission."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registration_request",
        verbose_name="compte",
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices, blank=True)
    last_name = models.CharField("nom de naissance", max_length=150, blank=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    # Names folded (case, accents, spaces) with the birth date: one request per person. NULL,
    # not "", until the three are known, so that unfinished drafts do not collide.
    person_key = models.CharField(  # noqa: DJ001
        max_length=320, null=True, blank=True, editable=False
    )
    birth_place = models.CharField("lieu de naissance", max_length=150, blank=True)
    nationality = models.CharField("nationalité", max_length=100, blank=True)
    university = models.CharField("université", max_length=200, blank=True)
    study_year = models.PositiveSmallIntegerField("année d’études", null=True, blank=True)
    phase = models.CharField("phase", max_length=20, choices=Phase.choices, blank=True)
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="spécialité (DES)",
    )
    department = models.CharField("département d’exercice", max_length=3, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    street = models.CharField("adresse", max_length=255, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=150, blank=True)
    staff_message = models.TextField("documents demandés par l’Ordre", blank=True)
    rejection_reason = models.TextField("motif du refus", blank=True)
    rpps = models.CharField("numéro RPPS", max_length=11, blank=True)
    doctor = models.ForeignKey(
        "roll.Doctor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="inscription au tableau",
    )
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "demande de première inscription"
        verbose_name_plural = "demandes de première inscription"
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "department"], name="registration_status_dept")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            # The same person cannot hold two requests through two accounts.
            models.UniqueConstraint(
                fields=["person_key"],
                condition=models.Q(person_key__isnull=False),
                name="registration_unique_person",
                violation_error_message=DUPLICATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RegistrationStatus.APPROVED)
                | models.Q(rpps__regex=r"^[0-9]{11}$"),
                name="registration_approved_has_rpps",
            ),
        ]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip() or self.user.email
        return f"Demande de {name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Kept in step on every save, so the constraint holds whichever code path writes.
        self.person_key = person_key(self.last_name, self.first_name, self.birth_date)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "person_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.person_key = person_key(self.last_name, self.first_name, self.birth_date)

    @property
    def is_editable(self) -> bool:
        return self.status == RegistrationStatus.DRAFT

    @property
    def accepts_documents(self) -> bool:
        return self.status in {RegistrationStatus.DRAFT, RegistrationStatus.DOCUMENTS_REQUESTED}


# The request's fields filled at each step of the form, all required before it can be sent
# (the forms, the sending check and the admin's sections follow this).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "identite": ("civility", "last_name", "first_name", "birth_date", "birth_place", "nationality"),
    "etudes": ("university", "study_year", "phase", "specialty", "department"),
    "coordonnees": ("email", "phone", "street", "postcode", "city"),
}


class RegistrationDocument(EncryptedObject):
    """An applicant's document: an encrypted object in the vault storage, in the vault's format
    (docs/vault-format.md), bound to this document id and to the applicant's user id."""

    storage_prefix = "registrations/"
    bound_owner = "request__user"

    request = models.ForeignKey(
        RegistrationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("nature", max_length=20, choices=DocumentKind.choices)
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta(EncryptedObject.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.display_name}"


class StatusChange(StepRecord):
    request = models.ForeignKey(
        RegistrationRequest,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name="demande",
    )
    from_status = models.CharField(
        "ancien statut", max_length=20, choices=RegistrationStatus.choices
    )
    to_status = models.CharField(
        "nouveau statut", max_length=20, choices=RegistrationStatus.choices
    )
    message = models.TextField("message", blank=True)

    class Meta(StepRecord.Meta):
        verbose_name = "changement de statut"

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DocumentAccess(models.Model):
    """Each time staff open an applicant's document."""

    document = models.ForeignKey(
        RegistrationDocument,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name="document",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "consultation de document"
        verbose_name_plural = "consultations de documents"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor} — {self.document} ({french_datetime(self.at)})"
