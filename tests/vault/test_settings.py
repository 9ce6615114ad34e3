"""Keys from the environment, the storage alias, and the deployment checks."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.components.vault import vault_development_keys, vault_storage_backend
from tests.fixtures.vault import use_local_vault
from vault.checks import vault_keys_check, vault_storage_check
from vault.keys import active_key, parse_keys
from vault.storage import LocalVaultStorage, vault_storage
from vault.storage_s3 import S3VaultStorage

KEY = base64.b64encode(bytes(32)).decode()


def test_parse_keys_accepts_standard_and_urlsafe_base64():
    urlsafe = base64.urlsafe_b64encode(b"\xff" * 32).decode().rstrip("=")
    keys = parse_keys(f"a:{KEY}, b-2:{urlsafe}")
    assert keys == {"a": bytes(32), "b-2": b"\xff" * 32}


@pytest.mark.parametrize(
    "raw",
    [
        "nocolon",
        f"bad id:{KEY}",
        "a:not-base64!!",
        f"a:{base64.b64encode(bytes(16)).decode()}",
        f"a:{KEY},a:{KEY}",
    ],
)
def test_parse_keys_refuses_bad_entries(raw):
    with pytest.raises(ImproperlyConfigured):
        parse_keys(raw)


def test_active_key_must_be_listed(settings):
    settings.VAULT_KEYS = f"a:{KEY}"
    settings.VAULT_ACTIVE_KEY = "b"
    with pytest.raises(ImproperlyConfigured):
        active_key()
    settings.VAULT_ACTIVE_KEY = "a"
    assert active_key() == ("a", bytes(32))


def test_development_keys_are_deterministic_and_valid():
    keys, active = vault_development_keys("secret")
    assert keys == vault_development_keys("secret")[0]
    assert keys != vault_development_keys("other")[0]
    assert active in parse_keys(keys)


def test_deploy_check_fails_without_key(settings):
    settings.VAULT_KEYS = ""
    settings.VAULT_ACTIVE_KEY = ""
    (error,) = vault_keys_check()
    assert error.id == "vault.E001"


def test_deploy_checks_pass_when_configured():
    assert vault_keys_check() == []
    assert vault_storage_check() == []


def test_deploy_check_fails_when_storage_is_not_writable(settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    use_local_vault(settings, blocker / "vault")
    (error,) = vault_storage_check()
    assert error.id == "vault.E003"


def test_unknown_storage_kind_fails_the_check(settings):
    settings.VAULT_STORAGE = "ftp"
    (error,) = vault_storage_check()
    assert error.id == "vault.E002"


def test_storage_alias_and_fallback(settings, tmp_path):
    assert isinstance(vault_storage(), LocalVaultStorage)
    assert vault_storage_backend("s3")["BACKEND"] == "vault.storage_s3.S3VaultStorage"
    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "vault"}
    settings.VAULT_STORAGE_BACKEND = {
        "BACKEND": "vault.storage.LocalVaultStorage",
        "OPTIONS": {"location": str(tmp_path / "fallback")},
    }
    storage = vault_storage()
    assert isinstance(storage, LocalVaultStorage)
    assert str(storage.location) == str(tmp_path / "fallback")
    assert S3VaultStorage.__mro__[1].__name__ == "S3Storage"


@pytest.mark.django_db
def test_hub_link_and_periodic_tasks_are_installed(client):
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from portal.models import HubBlock

    # A transactional test elsewhere may have emptied the tables: run the (idempotent)
    # migration again, twice, which must neither fail nor duplicate anything.
    migration = importlib.import_module("vault.migrations.0002_hub_link_and_schedule")
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    assert HubBlock.objects.filter(audience="medecins", link_url="/espace/coffre/").count() == 1
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "vault.tasks.vault_purge_trash",
        "vault.tasks.vault_expiry_reminders",
        "vault.tasks.vault_purge_access_log",
        "vault.tasks.vault_cleanup_orphans",
    } <= tasks
    assert "/espace/coffre/" in client.get("/medecins/").content.decode()
