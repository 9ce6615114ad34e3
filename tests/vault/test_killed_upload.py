"""A process killed in the middle of an upload: no document, no object under a final name,
nothing else lost. Both providers; the child is a real process, killed with SIGKILL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, _database_url_for_worker
from tests.factories import UserFactory
from tests.fixtures.vault import read, set_vault_keys, use_local_vault, vault_key_env
from tests.vault.conftest import KEK_A, PDF, stored_objects
from vault import services
from vault.models import Document
from vault.services import AccessContext
from vault.storage_s3 import S3_PART_SIZE

# A real transaction: the child process must see the owner row. pytest-django runs these tests
# after the others; the flush that follows empties migration data, which tests needing it
# recreate (see test_settings.test_hub_link_and_periodic_tasks_are_installed).
pytestmark = pytest.mark.django_db(transaction=True)


def run_and_kill(owner_id: int, env: dict[str, str], report_after: int) -> None:
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url_for_worker(),
        **vault_key_env(settings),  # k1, as a local KEK or a key service's key
        "VAULT_CHILD_REPORT_AFTER": str(report_after),
        **env,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.vault.upload_child", str(owner_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 60
        line = b""
        while b"UPLOADING" not in line:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                errors = child.stderr.read().decode() if child.stderr else ""
                pytest.fail(f"the upload child stopped early: {errors[-3000:]}")
            assert time.monotonic() < deadline, "the upload child never got going"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL


def existing_document(owner):
    return services.document_store_chunks(
        owner=owner, file_name="avant.pdf", chunks=[PDF], ctx=AccessContext()
    )


def assert_intact(document):
    assert read(document) == PDF


def test_killed_upload_on_local_storage(settings, tmp_path: Path):
    root = tmp_path / "vault-kill"
    use_local_vault(settings, root, keys=f"k1:{KEK_A}", active="k1")
    owner = UserFactory.create(with_doctor=True, with_totp=True)
    before = existing_document(owner)
    run_and_kill(
        owner.pk, {"VAULT_STORAGE": "local", "VAULT_ROOT": str(root)}, report_after=2 * 1024**2
    )
    assert list(Document.objects.all()) == [before]
    assert stored_objects(root) == [before.storage_name]
    partial = list(root.rglob("*.part"))
    assert len(partial) == 1
    assert partial[0].stat().st_size > 1024**2
    assert_intact(before)
    # The periodic clean-up removes what the killed upload left, once past its grace period.
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(days=2)
    assert services.orphans_cleanup(now=later) == (0, 1)
    assert stored_objects(root) == [before.storage_name]
    assert_intact(before)


def test_killed_upload_on_s3(settings, s3_bucket):
    server = s3_bucket.server
    options = {
        "endpoint_url": server.endpoint_url,
        "bucket_name": s3_bucket.name,
        "access_key": server.access_key,
        "secret_key": server.secret_key,
        "region_name": server.region,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {"BACKEND": "vault.storage_s3.S3VaultStorage", "OPTIONS": options},
    }
    set_vault_keys(settings, f"k1:{KEK_A}", "k1")
    owner = UserFactory.create(with_doctor=True, with_totp=True)
    before = existing_document(owner)
    run_and_kill(
        owner.pk,
        {
            "VAULT_STORAGE": "s3",
            "VAULT_S3_ENDPOINT_URL": server.endpoint_url,
            "VAULT_S3_BUCKET": s3_bucket.name,
            "VAULT_S3_ACCESS_KEY_ID": server.access_key,
            "VAULT_S3_SECRET_ACCESS_KEY": server.secret_key,
            "VAULT_S3_REGION": server.region,
        },
        # Past the first part, so S3 really holds part of the upload when the process dies.
        report_after=S3_PART_SIZE + 1024**2,
    )
    assert list(Document.objects.all()) == [before]
    assert s3_bucket.keys() == [before.storage_name]
    assert len(s3_bucket.multipart_uploads()) == 1
    assert_intact(before)
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(days=2)
    assert services.orphans_cleanup(now=later) == (0, 1)
    assert s3_bucket.multipart_uploads() == []
    assert_intact(before)
