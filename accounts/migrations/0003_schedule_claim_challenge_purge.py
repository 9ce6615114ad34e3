"""Schedule the daily purge of spent claim challenges in Celery beat (database scheduler)."""

from django.db import migrations

from portal.migration_ops import daily_task_schedule, daily_task_unschedule

TASK_NAME = "accounts.tasks.purge_expired_claim_challenges"
SCHEDULE_NAME = "Purge des demandes de rattachement expirées"


def schedule_purge(apps, schema_editor):
    # 03:17 Paris time: outside office hours, off the round hour other jobs tend to use.
    daily_task_schedule(apps, name=SCHEDULE_NAME, task=TASK_NAME, hour=3, minute=17)


def unschedule_purge(apps, schema_editor):
    daily_task_unschedule(apps, name=SCHEDULE_NAME, task=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_claim_challenge_sent_superseded"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(schedule_purge, unschedule_purge),
    ]
