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
        verbose_name = "entrée de l'annuaire"
        verbose_name_plural = "entrées de l'annuaire"
        # PostgreSQL-specific search indexes (full text, C collation): directory/sync.py.
        indexes = [
            models.Index(fields=["department"], name="directory_entry_department"),
            models.Index(fields=["specialty_key"], name="directory_entry_specialty"),
        ]

    def __str__(self) -> str:
        return self.rpps
