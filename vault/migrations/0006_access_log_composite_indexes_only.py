"""W1: the access journal keeps only its two composite indexes (owner, -at) and (document, -at),
which lead with the columns the single-column indexes covered; every index is written on each
vault visit. Only the indexes are dropped: AlterField alone would also drop and re-add the
foreign keys, re-checking every row of a large journal under lock."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "vault_accesslogentry"
INDEXES = {
    "owner_id": "vault_accesslogentry_owner_id_e6dfa890",
    "document_id": "vault_accesslogentry_document_id_d2d1332c",
}


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0005_search_journal_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ({column})",
                )
                for column, name in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="document",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="vault.document",
                        verbose_name="document",
                    ),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="owner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vault_access_log",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="titulaire",
                    ),
                ),
            ],
        ),
    ]
