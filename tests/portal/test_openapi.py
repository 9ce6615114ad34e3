"""API views' OpenAPI annotations reach the schema; workers never load the schema machinery."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import openapi

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_ONLY_MODULES = [
    "drf_spectacular.openapi",
    "drf_spectacular.plumbing",
    "django.test",
    "jinja2",
]
PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # what a worker's first request loads: every app's views
print(json.dumps([name for name in sys.argv[1:] if name in sys.modules]))
"""


def test_loading_every_view_leaves_the_schema_machinery_out():
    # In a fresh process: this test process has loaded Django's test client long ago.
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *SCHEMA_ONLY_MODULES],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_annotations_are_recorded_then_applied_in_declaration_order():
    class Probe(APIView):
        permission_classes = [AllowAny]

        @openapi.extend_schema(operation_id="probe_first", description="Première.")
        @openapi.extend_schema(operation_id="probe_inner", summary="Résumé.")
        def get(self, request):
            return Response({})

    assert "schema" not in getattr(Probe.get, "kwargs", {})
    openapi.apply_annotations()
    openapi.apply_annotations()  # a second call finds nothing left to apply
    schema_class = Probe.get.kwargs["schema"]  # type: ignore[attr-defined]
    inspector = schema_class()
    view = Probe(request=None, kwargs={})
    inspector.view, inspector.method, inspector.path = view, "GET", "/probe/"
    # The outer decorator wins, as with drf-spectacular's own stacking.
    assert inspector.get_operation_id() == "probe_first"
    assert inspector.get_summary() == "Résumé."
    assert inspector.get_description() == "Première."


@pytest.mark.django_db
def test_the_schema_carries_the_views_annotations(client):
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    upload = schema["paths"]["/api/v1/vault/documents/"]["post"]
    assert upload["operationId"] == "vault_documents_upload"
    assert "multipart/form-data" in upload["requestBody"]["content"]
