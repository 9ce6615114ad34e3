"""Requests sent through the contact form, and the exchanges that answer them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.french_format import french_date
from portal.workflow import Workflow

REFERENCE_PREFIX = "C"


class Topic(models.TextChoices):
    COTISATION = "cotisation", "Cotisation"
    INSCRIPTION = "inscription", "Inscription au tableau"
    VAULT = "coffre-fort", "Coffre-fort numérique"
    DIRECTORY = "annuaire", "Annuaire"
    PERSONAL_DATA = "donnees-personnelles", "Données personnelles"
    # Rights the personal-data page sends here, topic preset (privacy has no form for them:
    # each needs a person at the council to weigh the request).
    OBJECTION = "opposition", "Opposition au traitement de mes données"
    RESTRICTION = "limitation", "Limitation du traitement de mes données"
    OTHER = "autre", "Autre question"


# Handled by the national council (its data protection officer), not by a departmental one.
NATIONAL_TOPICS = frozenset({Topic.PERSONAL_DATA, Topic.OBJECTION, Topic.RESTRICTION})


class RequestStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    IN_PROGRESS = "in_progress", "En cours"
    CLOSED = "closed", "Close"


# A closed request may be reopened (the person writes back by phone, a staff member erred).
CONTACT_WORKFLOW = Workflow(
    RequestStatus,
    {
        RequestStatus.NEW: {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED},
        RequestStatus.IN_PROGRESS: {RequestStatus.CLOSED},
        RequestStatus.CLOSED: {RequestStatus.IN_PROGRESS},
    },
    message=(
        "Une demande «\u00a0{current}\u00a0» ne peut pas passer au statut «\u00a0{target}\u00a0»."
    ),
)


class ReferenceCounter(models.Model):
    """The last sequence number handed out in a year, locked while a request takes the next."""

    year = models.PositiveIntegerField("année", primary_key=True)
    last = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de références"
        verbose_name_plural = "compteurs de références"

    def __str__(self) -> str:
        return f"{self.year} : {self.last}"


class ContactRequest(models.Model):
    reference = models.CharField("référence", max_length=20, unique=True, editable=False)
    year = models.PositiveIntegerField("année", editable=False)
    sequence = models.PositiveIntegerField("numéro", editable=False)
    topic = models.CharField("sujet", max_length=30, choices=Topic.choices)
    department = models.CharField("département", max_length=3)
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name="conseil destinataire",
    )
    name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse électronique")
    rpps = models.CharField("numéro RPPS", max_length=11, blank=True)
    message = models.TextField("message", max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name="compte",
    )
    status = models.CharField(
        "statut", max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    created_at = models.DateTimeField("reçue le", auto_now_add=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    # What still waits for an answer from staff (the admin's « À traiter » panel).
    WAITING_STATUSES = (RequestStatus.NEW, RequestStatus.IN_PROGRESS)

    class Meta:
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="contact_request_year_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=Topic.values), name="contact_request_topic_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="contact_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.CLOSED) | Q(closed_at__isnull=True),
                name="contact_request_closed_at_only_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "closed_at"], name="contact_request_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.get_topic_display()}"


class Direction(models.TextChoices):
    IN = "in", "Reçu"
    OUT = "out", "Envoyé"


class ContactMessage(models.Model):
    """One exchange: the person's message (in) or a staff answer (out)."""

    request = models.ForeignKey(
        ContactRequest, on_delete=models.CASCADE, related_name="messages", verbose_name="demande"
    )
    direction = models.CharField("sens", max_length=3, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    body = models.TextField("texte")
    sent_at = models.DateTimeField("date")
    # When the email went out: the acknowledgement for "in", the answer for "out".
    emailed_at = models.DateTimeField("courriel envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "échange"
        verbose_name_plural = "échanges"
        ordering = ["sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="contact_message_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        sent_on = french_date(self.sent_at)
        return f"{self.request.reference} — {self.get_direction_display()} le {sent_on}"
