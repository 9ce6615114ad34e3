"""Guides, their sheets with revisions, and what the assistant learns from its readers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from portal.models import Audience
from portal.workflow import Workflow


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    REVIEW = "review", "En relecture"
    PUBLISHED = "published", "Publiée"


# The publication workflow: a sheet moves only along these edges (services.sheet_transition).
SHEET_WORKFLOW = Workflow(
    SheetStatus,
    {
        SheetStatus.DRAFT: {SheetStatus.REVIEW},
        SheetStatus.REVIEW: {SheetStatus.DRAFT, SheetStatus.PUBLISHED},
        SheetStatus.PUBLISHED: {SheetStatus.DRAFT},
    },
    message="Une fiche «\u00a0{current}\u00a0» ne peut pas passer à l’état «\u00a0{target}\u00a0».",
)


class Guide(models.Model):
    slug = models.SlugField("identifiant", max_length=60, unique=True)
    title = models.CharField("titre", max_length=200)
    summary = models.TextField("résumé", blank=True)
    audiences = models.JSONField(
        "publics",
        default=list,
        blank=True,
        help_text="Rubriques où le guide est présenté : medecins, patients, etudiants.",
    )
    position = models.PositiveSmallIntegerField("ordre d’affichage", default=0)
    published = models.BooleanField("publié", default=True)
    # The legal pages are sheets of an unlisted guide: edited and versioned like any sheet,
    # but shown only at their own addresses (legal app), never on /guides/ nor by the assistant.
    listed = models.BooleanField(
        "présenté parmi les guides",
        default=True,
        help_text="Décochez pour un guide dont les fiches ne s’affichent qu’à leurs propres "
        "adresses (par exemple les informations légales).",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "guide"
        verbose_name_plural = "guides"
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.audiences, list) or any(
            a not in Audience.values for a in self.audiences
        ):
            raise ValidationError(
                {"audiences": "Choisissez parmi : " + ", ".join(Audience.values) + "."}
            )
        if self.listed and not self.audiences:
            raise ValidationError({"audiences": "Choisissez au moins un public."})


class Sheet(models.Model):
    guide = models.ForeignKey(
        Guide, on_delete=models.CASCADE, related_name="sheets", verbose_name="guide"
    )
    slug = models.SlugField("identifiant", max_length=80)
    title = models.CharField("titre", max_length=200)
    summary = models.TextField("résumé", blank=True)
    body_markdown = models.TextField(
        "texte (Markdown)",
        help_text="Titres de parties avec « ## », sous-parties avec « ### ».",
    )
    # The body rendered when the sheet is saved (guides.services), so that a page view reads
    # HTML instead of running Markdown and the sanitiser; empty for a row never saved since.
    body_html = models.TextField("texte (HTML)", blank=True, editable=False)
    toc = models.JSONField("sommaire", default=list, blank=True, editable=False)
    key_points = models.JSONField("à retenir", default=list, blank=True)
    legal_references = models.JSONField("références", default=list, blank=True)
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name="voir aussi"
    )
    position = models.PositiveSmallIntegerField("ordre dans le guide", default=0)
    status = models.CharField(
        "état", max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)
    # Set once staff save the sheet in admin: load_guides never overwrites their work.
    edited_by_staff = models.BooleanField("modifiée par l’équipe", default=False)
    # Hash of the shipped file last loaded, so load_guides knows when the file changed.
    source_hash = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name="empreinte de la source"
    )

    class Meta:
        verbose_name = "fiche"
        verbose_name_plural = "fiches"
        ordering = ["guide__position", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "slug"], name="guides_sheet_unique_slug"),
            models.CheckConstraint(
                condition=Q(status__in=SheetStatus.values), name="guides_sheet_status_valid"
            ),
            # A published sheet always says since when.
            models.CheckConstraint(
                condition=~Q(status=SheetStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="guides_sheet_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide.slug}/{self.slug} — {self.title}"

    @property
    def key(self) -> str:
        return f"{self.guide.slug}/{self.slug}"


class SheetRevision(models.Model):
    """A snapshot of a sheet's content, kept at every save by the services."""

    sheet = models.ForeignKey(
        Sheet, on_delete=models.CASCADE, related_name="revisions", verbose_name="fiche"
    )
    number = models.PositiveIntegerField("numéro")
    title = models.CharField("titre", max_length=200)
    summary = models.TextField("résumé", blank=True)
    body_markdown = models.TextField("texte (Markdown)", blank=True)
    key_points = models.JSONField("à retenir", default=list, blank=True)
    legal_references = models.JSONField("références", default=list, blank=True)
    status = models.CharField("état", max_length=20, choices=SheetStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="auteur",
    )
    note = models.CharField("motif", max_length=200, blank=True)
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "version de fiche"
        verbose_name_plural = "versions de fiche"
        ordering = ["sheet", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "number"], name="guides_revision_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet.key} v{self.number}"


class Synonym(models.Model):
    """Words the assistant treats as one: « courriel » and « mail » for « messagerie »."""

    term = models.CharField(
        "terme", max_length=100, unique=True, help_text="Le mot employé dans les fiches."
    )
    equivalents = models.TextField(
        "équivalents",
        help_text="Les mots ou expressions de même sens, séparés par des virgules.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "synonyme"
        verbose_name_plural = "synonymes"
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def equivalent_list(self) -> list[str]:
        return [part.strip() for part in self.equivalents.split(",") if part.strip()]


class SearchIndexState(models.Model):
    """One row whose version every process compares with its in-memory assistant index.

    The version is a fresh random token at each change rather than a counter: a transaction
    rolled back cannot bring an old number back while another process still holds it.
    """

    version = models.CharField(max_length=32)

    class Meta:
        verbose_name = "état de l’index"

    def __str__(self) -> str:
        return self.version


class UnansweredQuestion(models.Model):
    """A question the assistant found no good answer to, counted for staff."""

    normalized = models.CharField(max_length=255, unique=True, verbose_name="question normalisée")
    text = models.TextField("question")
    count = models.PositiveIntegerField("nombre de fois", default=1)
    first_asked_at = models.DateTimeField("première fois", auto_now_add=True)
    last_asked_at = models.DateTimeField("dernière fois", auto_now=True)
    handled = models.BooleanField(
        "traitée", default=False, help_text="Cochez quand une fiche répond désormais."
    )

    class Meta:
        verbose_name = "question sans réponse"
        verbose_name_plural = "questions sans réponse"
        ordering = ["handled", "-count", "-last_asked_at"]

    def __str__(self) -> str:
        return self.text[:80]


class AssistantFeedback(models.Model):
    """The reader's answer to « Cette réponse vous a-t-elle aidé ? »."""

    question = models.TextField("question")
    helpful = models.BooleanField("utile")
    sheet = models.ForeignKey(
        Sheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="première fiche proposée",
    )
    answered = models.BooleanField("réponse trouvée", default=True)
    # The logged-in reader who gave it, so that it is in their data export (privacy) and
    # goes with their account; none for an anonymous reader.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compte",
    )
    created_at = models.DateTimeField("reçu le", auto_now_add=True)

    class Meta:
        verbose_name = "avis sur une réponse"
        verbose_name_plural = "avis sur les réponses"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{'utile' if self.helpful else 'pas utile'} — {self.question[:60]}"
