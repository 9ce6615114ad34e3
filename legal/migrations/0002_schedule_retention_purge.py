"""Schedule the daily retention purge (legal.tasks.retention_purge), at night, Paris time.

Idempotent: nothing is added if the task already has a schedule; going back keeps it (staff
may have changed it).
"""

from django.db import migrations

from portal.migration_ops import daily_task_schedule


def forwards(apps, schema_editor):
    daily_task_schedule(
        apps,
        name="Données personnelles : purge des durées de conservation",
        task="legal.tasks.retention_purge",
        hour=3,
        minute=50,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0001_processing_register"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
