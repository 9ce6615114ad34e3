"""The search table, its triggers on the roll's table, its indexes, and a first fill."""

import django.db.models.deletion
from django.db import migrations, models

from directory import sync


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        sync.install(cursor)


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        sync.uninstall(cursor)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("roll", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryEntry",
            fields=[
                (
                    "doctor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="directory_entry",
                        serialize=False,
                        to="roll.doctor",
                    ),
                ),
                ("document", models.TextField()),
                ("last_name_key", models.CharField(max_length=150)),
                ("first_name_key", models.CharField(max_length=150)),
                ("specialty_key", models.CharField(max_length=150)),
                ("rpps", models.CharField(max_length=11, unique=True)),
                ("department", models.CharField(max_length=3)),
                ("postcode", models.CharField(max_length=5)),
            ],
            options={
                "verbose_name": "entrée de l’annuaire",
                "verbose_name_plural": "entrées de l’annuaire",
                "indexes": [
                    models.Index(fields=["department"], name="directory_entry_department"),
                    models.Index(fields=["specialty_key"], name="directory_entry_specialty"),
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
