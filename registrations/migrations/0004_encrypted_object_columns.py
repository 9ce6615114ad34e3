# RegistrationDocument on vault.encrypted.EncryptedObject: the vault's columns and constraints.

from django.db import migrations, models

from vault.migration_repairs import repair_rows


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0003_verbose_names_fr'),
    ]

    operations = [
        # Existing rows first, so that the narrower column and the checks hold for them.
        repair_rows("registrations", "RegistrationDocument"),
        migrations.AddField(
            model_name='registrationdocument',
            name='format_version',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='version du format'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='content_type',
            field=models.CharField(max_length=100, verbose_name='type'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='display_name',
            field=models.CharField(max_length=200, verbose_name='nom'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='kek_id',
            field=models.CharField(db_index=True, max_length=32, verbose_name='clé de chiffrement (KEK)'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='sha256',
            field=models.CharField(max_length=64, verbose_name='empreinte SHA-256'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='size',
            field=models.BigIntegerField(verbose_name='taille (octets)'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='storage_name',
            field=models.CharField(editable=False, max_length=200, unique=True, verbose_name='nom de stockage'),
        ),
        migrations.AlterField(
            model_name='registrationdocument',
            name='wrapped_key',
            field=models.BinaryField(verbose_name='clé chiffrée'),
        ),
        migrations.AddConstraint(
            model_name='registrationdocument',
            constraint=models.CheckConstraint(condition=models.Q(('size__gte', 0)), name='registrations_registrationdocument_size_positive'),
        ),
        migrations.AddConstraint(
            model_name='registrationdocument',
            constraint=models.CheckConstraint(condition=models.Q(('sha256__regex', '^[0-9a-f]{64}$')), name='registrations_registrationdocument_sha256_hex'),
        ),
        migrations.AddConstraint(
            model_name='registrationdocument',
            constraint=models.CheckConstraint(condition=models.Q(('display_name', ''), _negated=True), name='registrations_registrationdocument_name_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='registrationdocument',
            constraint=models.CheckConstraint(condition=models.Q(('kek_id', ''), _negated=True), name='registrations_registrationdocument_kek_id_not_empty'),
        ),
    ]
