"""The doctors' hub links to the vault, and the vault's periodic tasks are scheduled.

Idempotent: a link is added only if no block of the hub already points to /espace/coffre/
(staff may have edited or unpublished it), a schedule only if its task has none. Going back
keeps both (staff may have changed them).
"""

from django.db import migrations

from portal.migration_ops import daily_task_schedule

LINK = {
    "audience": "medecins",
    "kind": "navigation",
    "link_url": "/espace/coffre/",
}
LINK_DEFAULTS = {
    "title": "Mon coffre-fort numérique",
    "body": (
        "Conservez vos diplômes, contrats et attestations d’assurance dans un espace chiffré, "
        "réservé à vous seul."
    ),
    "link_label": "Ouvrir mon coffre-fort",
    "position": 25,
    "is_published": True,
}

# (task, name, minute, hour): at night, Paris time, spread out.
SCHEDULES = [
    ("vault.tasks.vault_purge_trash", "Coffre : vider les corbeilles (30 jours)", "10", "3"),
    ("vault.tasks.vault_expiry_reminders", "Coffre : rappels d’expiration", "0", "8"),
    ("vault.tasks.vault_purge_access_log", "Coffre : purge du journal des accès", "20", "3"),
    ("vault.tasks.vault_cleanup_orphans", "Coffre : objets orphelins", "40", "3"),
]


def forwards(apps, schema_editor):
    HubBlock = apps.get_model("portal", "HubBlock")
    HubBlock.objects.get_or_create(**LINK, defaults=LINK_DEFAULTS)

    for task, name, minute, hour in SCHEDULES:
        daily_task_schedule(apps, name=name, task=task, hour=int(hour), minute=int(minute))


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0001_initial"),
        ("portal", "0002_default_hub_blocks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
