"""The export sealed into an S3 vault storage (moto in server mode), read back, purged."""

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataExport
from privacy.services.exports import exports_purge_expired
from tests.privacy.conftest import built_export, logged_in, unzip
from tests.vault.test_s3 import s3_vault

__all__ = ["s3_vault"]  # the vault's S3 fixture, shared

pytestmark = pytest.mark.django_db


def test_the_export_lives_in_the_s3_vault(s3_vault, busy_student):
    documents = set(s3_vault.keys())  # the student's registration documents
    export = built_export(busy_student.user)
    assert set(s3_vault.keys()) == documents | {export.storage_name}
    assert s3_vault.multipart_uploads() == []
    response = logged_in(busy_student.user).get(
        reverse("privacy:export_download", args=[export.pk])
    )
    data = unzip(b"".join(response.streaming_content))[1]
    assert data["sections"]["registrations"]["requests"][0]["last_name"] == "Lefèvre"

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert exports_purge_expired() == 1
    assert set(s3_vault.keys()) == documents
