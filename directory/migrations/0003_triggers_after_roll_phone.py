"""Roll migration 0002 adds a column to roll_doctor: SQLite rebuilds the table for it, which
drops the directory's triggers. Reinstall them (and refresh the search table) there; on
PostgreSQL the column is added in place and the triggers are untouched."""

from django.db import migrations

from directory import sync


def reinstall(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        sync.install(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_patients_hub_link"),
        ("roll", "0002_doctor_phone_change_requests"),
    ]

    operations = [
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
