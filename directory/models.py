"""The directory's search table: one row per doctor on the roll, in folded, searchable form.

Rows are written only by database triggers on the roll's table (directory/sync.py), so they
follow every insert, update and delete, including the roll import's bulk COPY. They hold
no private field: only what the search matches and orders on.
"""

from django.db import models

from roll.models import Doctor


class DirectoryEntry(models.Model):
    doctor = models.OneToOneField(
        Doctor, primary_key=True, on_delete=models.CASCADE, related_name="directory_entry"
    )
    # " " + folded last name, first name, specialty and town: words start after a space.
    document = models.TextField()
    last_name_key = models.CharField(max_length=150)
    first_name_key = models.CharField(max_length=150)
    specialty_key = models.CharField(max_length=150)
    rpps = models.CharField(max_length=11, unique=True)
    department = models.CharField(max_length=3)
    postcode = models.CharField(max_length=5)

    class Meta:
        verbose_name = "entrée de l’annuaire"
        verbose_name_plural = "entrées de l’annuaire"
        # PostgreSQL-specific search indexes (full text, C collation): directory/sync.py.
        indexes = [
            models.Index(fields=["department"], name="directory_entry_department"),
            models.Index(fields=["specialty_key"], name="directory_entry_specialty"),
        ]

    def __str__(self) -> str:
        return self.rpps


class SpecialtyVocabulary(models.Model):
    """The words people use for a specialty, so that « cardiologue » finds cardiologists.

    `name` is the specialty exactly as the roll stores it; everyday names and abbreviations are
    one per line. A word or phrase may belong to several specialties (« gynéco »): a search
    for it finds the doctors of all of them. Edited in admin; every save changes
    VocabularyState, which tells every process to reload its copy (directory.vocabulary).
    """

    name = models.CharField(
        "spécialité (nom officiel)",
        max_length=150,
        unique=True,
        help_text="Exactement comme au tableau de l’Ordre, par exemple « Pédiatrie ».",
    )
    everyday_names = models.TextField(
        "noms courants",
        blank=True,
        help_text="Un par ligne, par exemple « pédiatre » ou « médecin des enfants ».",
    )
    abbreviations = models.TextField(
        "abréviations", blank=True, help_text="Une par ligne, par exemple « ORL »."
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "vocabulaire d’une spécialité"
        verbose_name_plural = "vocabulaire des spécialités"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def terms(self) -> list[str]:
        """Everyday names and abbreviations, one per line in either field."""
        lines = f"{self.everyday_names}\n{self.abbreviations}".splitlines()
        return [line.strip() for line in lines if line.strip()]


class VocabularyState(models.Model):
    """One row whose version every process compares with the vocabulary it holds in memory.

    A fresh random token at each change (as guides.SearchIndexState): a transaction rolled back
    cannot bring an old number back while another process still holds it.
    """

    version = models.CharField(max_length=32)

    class Meta:
        verbose_name = "état du vocabulaire"

    def __str__(self) -> str:
        return self.version
