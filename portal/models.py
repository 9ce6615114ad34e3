"""Content of the three audience hubs (doctors, patients, students and interns), edited by staff."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import Resolver404, resolve

from portal.links import link_is_clean, link_is_internal


class Audience(models.TextChoices):
    # The values are the hubs' URL segments, so a block's audience names its page.
    DOCTORS = "medecins", "Médecins"
    PATIENTS = "patients", "Patients"
    STUDENTS = "etudiants", "Étudiants et internes"


class HubBlockKind(models.TextChoices):
    INTRODUCTION = "introduction", "Introduction"
    NAVIGATION = "navigation", "Lien de navigation"


LINK_FORMAT_MESSAGE = (
    "Indiquez une adresse du portail commençant par « / » (par exemple /espace/) "
    "ou une adresse complète commençant par « https:// »."
)
LINK_NOT_FOUND_MESSAGE = (
    "Aucune page du portail ne correspond à l’adresse « %(url)s ». "
    "Vérifiez l’adresse : un lien ne doit pas mener à une page vide."
)


def link_target_error(url: str) -> str | None:
    """Why `url` cannot be a hub link, or None when it leads to a page.

    Portal paths must resolve now, so that staff cannot publish a link to a page that does not
    exist (yet). Outside pages must be https: the portal never sends people to plain http.
    A link must read the same to a browser as to this check (no tab, newline or backslash).
    """
    if not link_is_clean(url):
        return LINK_FORMAT_MESSAGE
    if url.startswith("https://"):
        try:
            URLValidator(schemes=["https"])(url)
        except ValidationError:
            return LINK_FORMAT_MESSAGE
        return None
    # "//host/..." starts with a slash but leaves the portal: refuse it like any malformed URL.
    if not link_is_internal(url):
        return LINK_FORMAT_MESSAGE
    try:
        resolve(urlsplit(url).path)
    except Resolver404:
        return LINK_NOT_FOUND_MESSAGE % {"url": url}
    return None


class HubBlock(models.Model):
    """One block of a hub page: its introduction text or one entry of its navigation."""

    audience = models.CharField("rubrique", max_length=20, choices=Audience.choices)
    kind = models.CharField(
        "type de bloc",
        max_length=20,
        choices=HubBlockKind.choices,
        default=HubBlockKind.NAVIGATION,
    )
    title = models.CharField("titre", max_length=120)
    body = models.TextField(
        "texte",
        blank=True,
        help_text="Texte simple, sans mise en forme. Un saut de ligne crée un nouveau paragraphe.",
    )
    link_url = models.CharField(
        "adresse du lien",
        max_length=300,
        blank=True,
        help_text=(
            "Pour un lien de navigation : une page du portail (par exemple /espace/) ou une "
            "adresse complète en https://. Laissez vide pour une introduction."
        ),
    )
    link_label = models.CharField(
        "texte du lien",
        max_length=120,
        blank=True,
        help_text="Ce que la personne lit sur le lien, par exemple « Accéder à mon espace ».",
    )
    position = models.PositiveSmallIntegerField(
        "ordre d’affichage",
        default=0,
        help_text="Les blocs s’affichent du plus petit au plus grand nombre.",
    )
    is_published = models.BooleanField(
        "publié",
        default=False,
        help_text="Seuls les blocs publiés apparaissent sur le site.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "bloc de rubrique"
        verbose_name_plural = "blocs de rubrique"
        ordering = ["audience", "kind", "position", "pk"]
        indexes = [
            models.Index(
                fields=["audience", "is_published", "position"], name="portal_hubblock_listing"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values),
                name="portal_hubblock_audience_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HubBlockKind.values),
                name="portal_hubblock_kind_valid",
            ),
            # A navigation entry without a target would be a dead end; an introduction has none.
            models.CheckConstraint(
                condition=(Q(kind=HubBlockKind.NAVIGATION) & ~Q(link_url="") & ~Q(link_label=""))
                | (Q(kind=HubBlockKind.INTRODUCTION) & Q(link_url="") & Q(link_label="")),
                name="portal_hubblock_link_matches_kind",
                violation_error_message="Le lien ne correspond pas au type de bloc.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} — {self.title}"

    @property
    def is_external(self) -> bool:
        return bool(self.link_url) and not link_is_internal(self.link_url)

    def clean(self) -> None:
        super().clean()
        self.link_url = self.link_url.strip()
        self.link_label = self.link_label.strip()
        errors: dict[str, str] = {}
        if self.kind == HubBlockKind.NAVIGATION:
            if not self.link_url:
                errors["link_url"] = "Indiquez l’adresse de la page vers laquelle mène ce lien."
            elif message := link_target_error(self.link_url):
                errors["link_url"] = message
            if not self.link_label:
                errors["link_label"] = (
                    "Indiquez le texte du lien, par exemple « Accéder à mon espace »."
                )
        elif self.kind == HubBlockKind.INTRODUCTION:
            if self.link_url:
                errors["link_url"] = (
                    "Une introduction n’a pas de lien : laissez ce champ vide "
                    "ou choisissez le type « Lien de navigation »."
                )
            if self.link_label:
                errors["link_label"] = "Une introduction n’a pas de lien : laissez ce champ vide."
            if not self.body.strip():
                errors["body"] = "Rédigez le texte d’introduction de la rubrique."
        if errors:
            raise ValidationError(errors)


class StepRecord(models.Model):
    """One step in the history of a person's request (a change request, an exemption, a first
    registration): who took it, when, and when its email went out (sent once, by a task that
    sets `email_sent_at`). Concrete histories add their request and their step."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", auto_now_add=True)
    email_sent_at = models.DateTimeField("courriel envoyé le", null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name_plural = "historique"
        ordering = ["at", "pk"]
