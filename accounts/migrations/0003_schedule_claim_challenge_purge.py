"""Schedule the daily purge of spent claim challenges in Celery beat (database scheduler)."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "accounts.tasks.purge_expired_claim_challenges"
SCHEDULE_NAME = "Purge des demandes de rattachement expirées"


def schedule_purge(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")

    # 03:17 Paris time: outside office hours, off the round hour other jobs tend to use.
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="17",
        hour="3",
        day_of_month="*",
        month_of_year="*",
        day_of_week="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={"task": TASK_NAME, "crontab": crontab, "enabled": True},
    )
    # Historical models have no signals: tell a running beat that its schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule_purge(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SCHEDULE_NAME, task=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_claim_challenge_sent_superseded"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(schedule_purge, unschedule_purge),
    ]
