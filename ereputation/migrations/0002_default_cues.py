"""Load the shipped cues (ereputation.default_cues) into a new database.

Imported rather than copied: the list is plain data, and a later change to it comes with its
own data migration (a test compares a fresh database with the list).
"""

from django.db import migrations


def load(apps, schema_editor):
    from ereputation.default_cues import DEFAULT_CUES

    Cue = apps.get_model("ereputation", "Cue")
    Cue.objects.bulk_create(
        [
            Cue(family=str(c.family), kind=str(c.kind), text=c.text, weight=c.weight)
            for c in DEFAULT_CUES
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("ereputation", "Cue").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ereputation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
