"""Helpers for data migrations that schedule periodic tasks in Celery beat's database.

Migrations call them with their historical `apps`, so they only use models fetched from it.
"""

from typing import Any

from django.utils import timezone


def daily_task_schedule(apps: Any, *, name: str, task: str, hour: int, minute: int) -> None:
    """Run `task` every day at hour:minute, Paris time; does nothing if the task has a schedule."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(task=task).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_month="*",
        month_of_year="*",
        day_of_week="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
    )
    # Historical models send no signals: tell a running beat that its schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def daily_task_unschedule(apps: Any, *, name: str, task: str) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=name, task=task).delete()
