"""The vault counts documents the French way: "0 document", "1 document", "2 documents"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.vault.conftest import PDF

pytestmark = pytest.mark.django_db


def _summary(client) -> str:
    page = client.get(reverse("doctor_space")).content.decode()
    start = page.index('aria-labelledby="vault-section-title"')
    return page[start : page.index("</section>", start)]


def _upload(client, name: str) -> None:
    file = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    response = client.post(reverse("vault:upload"), {"files": [file]})
    assert response.status_code == 302


def test_the_space_counts_documents_with_the_french_plural(doctor_client):
    assert "0 document —" in _summary(doctor_client)

    _upload(doctor_client, "diplome.pdf")
    assert "1 document —" in _summary(doctor_client)

    _upload(doctor_client, "contrat.pdf")
    assert "2 documents —" in _summary(doctor_client)
