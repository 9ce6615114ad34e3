"""Every council the roll refers to: the CNOM, the regional councils and one per département."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from councils.seed import NATIONAL, departmental_rows, regional_rows

    Council = apps.get_model("councils", "Council")
    Council.objects.update_or_create(code=NATIONAL["code"], defaults=NATIONAL)
    regions = {}
    for row in regional_rows():
        code = row.pop("code")
        regions[code], _ = Council.objects.update_or_create(code=code, defaults=row)
    for row in departmental_rows():
        code = row.pop("code")
        region = row.pop("region")
        Council.objects.update_or_create(
            code=code, defaults={**row, "region": regions.get(region)}
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    Council = apps.get_model("councils", "Council")
    Council.objects.filter(is_sample=True, level="departmental").delete()
    Council.objects.filter(is_sample=True).delete()


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
