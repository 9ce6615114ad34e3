"""A "Payer ma cotisation" link on the doctors' hub, and the daily dues task in Celery beat.

Both are idempotent: running this again (or after staff edited the link) adds nothing.
"""

from django.db import migrations

from portal.migration_ops import daily_task_schedule, daily_task_unschedule

TASK_NAME = "cotisations.tasks.dues_daily"
SCHEDULE_NAME = "Cotisations : relances, annonces et prélèvements du jour"


def add_link_and_schedule(apps, schema_editor):
    HubBlock = apps.get_model("portal", "HubBlock")
    HubBlock.objects.get_or_create(
        audience="medecins",
        kind="navigation",
        link_url="/espace/cotisations/",
        defaults={
            "title": "Ma cotisation",
            "body": (
                "Réglez votre cotisation ordinale par carte, en une fois ou en 3 fois, et "
                "téléchargez vos reçus et attestations."
            ),
            "link_label": "Payer ma cotisation",
            "position": 50,
            "is_published": True,
        },
    )

    # 08:30 Paris time: reminders arrive at the start of the working day.
    daily_task_schedule(apps, name=SCHEDULE_NAME, task=TASK_NAME, hour=8, minute=30)


def remove_schedule(apps, schema_editor):
    daily_task_unschedule(apps, name=SCHEDULE_NAME, task=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("cotisations", "0001_initial"),
        ("portal", "0002_default_hub_blocks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # Going back keeps the hub link (staff may have edited it) and removes the schedule.
    operations = [
        migrations.RunPython(add_link_and_schedule, remove_schedule),
    ]
