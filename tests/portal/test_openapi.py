"""API views' OpenAPI annotations (drf-spectacular's own `extend_schema`) reach the schema."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_schema_carries_the_views_annotations(client):
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    upload = schema["paths"]["/api/v1/vault/documents/"]["post"]
    assert upload["operationId"] == "vault_documents_upload"
    assert "multipart/form-data" in upload["requestBody"]["content"]
