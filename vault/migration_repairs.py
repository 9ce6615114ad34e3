"""Bring the rows of a model to `EncryptedObject`'s constraints before a migration adds them.

Used by the migrations that moved the applicants' documents and the change requests'
supporting documents onto the abstract model. What can be repaired mechanically is repaired
(an upper-case SHA-256, an empty display name); a row no rule can repair (negative size, a
digest that is not one, no KEK id, a storage name too long) stops the migration with the ids
to look at, rather than letting the database refuse it with a bare constraint name.
"""

import re
from typing import Any

from django.db import migrations

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
FALLBACK_NAME = "document"  # vault.validation.sanitize_name's fallback
MAX_STORAGE_NAME = 200


def repair_rows(app_label: str, model_name: str) -> migrations.RunPython:
    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.using(schema_editor.connection.alias)
        broken = []
        for row in rows.only("pk", "display_name", "sha256", "size", "kek_id", "storage_name"):
            digest = row.sha256.strip().lower()
            name = row.display_name.strip() or FALLBACK_NAME
            if (digest, name) != (row.sha256, row.display_name):
                rows.filter(pk=row.pk).update(sha256=digest, display_name=name)
            if (
                row.size < 0
                or not SHA256_HEX.match(digest)
                or not row.kek_id
                or len(row.storage_name) > MAX_STORAGE_NAME
            ):
                broken.append(str(row.pk))
        if broken:
            raise RuntimeError(
                f"{app_label}.{model_name}: {len(broken)} row(s) cannot meet the encrypted "
                f"object constraints (size, SHA-256, KEK id, storage name): {', '.join(broken)}. "
                "Check them against their objects (vault_verify) and fix or delete them first."
            )

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
