"""The export built by a real `celery worker` process, on Redis and the test database (run it
on PostgreSQL: `DATABASE_URL=… REDIS_URL=…`), sharing the vault's storage and keys."""

import pytest
from django.urls import reverse

from privacy.models import DataExport, ExportStatus
from privacy.services.exports import export_request
from tests.privacy.conftest import KEK, logged_in, unzip
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_worker_builds_the_doctors_export(busy_doctor, vault_root, celery_workers):
    worker = celery_workers.start(
        VAULT_ROOT=str(vault_root), VAULT_KEYS=f"k1:{KEK}", VAULT_ACTIVE_KEY="k1"
    )
    export = export_request(user=busy_doctor.user, include_documents=True)

    def ready() -> bool:
        export.refresh_from_db()
        return export.status in (ExportStatus.READY, ExportStatus.FAILED)

    assert wait_until(ready, timeout=120), celery_workers.output()
    assert export.status == ExportStatus.READY, celery_workers.output()
    response = logged_in(busy_doctor.user).get(reverse("privacy:export_download", args=[export.pk]))
    archive, data = unzip(b"".join(response.streaming_content))
    assert {d["display_name"] for d in data["sections"]["vault"]["documents"]} >= {
        "diplome-scanne.pdf"
    }
    assert any(n.startswith("cotisations/recu-") for n in archive.namelist())
    assert DataExport.objects.get(pk=export.pk).notified_at is not None
    assert worker.poll() is None
