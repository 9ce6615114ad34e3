"""The privacy app's upkeep runs every night (django-celery-beat): expired exports are
deleted, closed accounts past their grace period are purged. Idempotent; going back keeps
the schedules (staff may have changed them)."""

from django.db import migrations

from portal.migration_ops import daily_task_schedule

# (task, name, minute, hour), Paris time, after the vault's own upkeep.
SCHEDULES = [
    ("privacy.tasks.purge_expired_exports", "Droits : effacer les exportations expirées", 0, 4),
    ("privacy.tasks.purge_closed_accounts", "Droits : effacer les comptes fermés (30 jours)", 10, 4),
]


def forwards(apps, schema_editor):
    for task, name, minute, hour in SCHEDULES:
        daily_task_schedule(apps, name=name, task=task, hour=hour, minute=minute)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
