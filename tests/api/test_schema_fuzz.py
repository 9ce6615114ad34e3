"""schemathesis against /api/schema/, through the WSGI app, as a doctor and anonymously.

Every operation of the published schema gets generated cases (`FUZZ_EXAMPLES` each, per
identity; `make fuzz` raises it), checked for server errors, status codes and response bodies
that the schema declares, and authentication that an operation declares but ignores. At least
1,000 cases are sent in all; 0 failures.
"""

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from tests.auth_helpers import enable_totp
from tests.factories import UserFactory
from tests.fixtures.vault import use_local_vault
from vault import services as vault_services

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
MINIMUM_CASES = 1000
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, ignored_auth]


@pytest.fixture
def doctor_token(settings, tmp_path) -> str:
    use_local_vault(settings, tmp_path / "vault")
    user = UserFactory.create(email="fuzz.medecin@exemple.test", with_doctor=True)
    enable_totp(user)
    vault_services.document_store_chunks(
        owner=user,
        file_name="diplome.pdf",
        chunks=[b"%PDF-1.7\n" + b"diplome " * 30 + b"\n%%EOF\n"],
        ctx=vault_services.AccessContext(actor=user),
    )
    return Token.objects.create(user=user).key


def run_operation(operation: Any, sent: Counter[str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def one_case(case: Any) -> None:
        # Throttling has its own tests; here every case must reach the operation itself.
        cache.clear()
        case.call_and_validate(checks=CHECKS)
        sent[operation.label] += 1

    one_case()


def load_schema(token: str | None) -> Any:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    if token is not None:
        key = token

        # Registered as schemathesis auth, so `ignored_auth` knows these credentials are real
        # and checks that the operation refuses the same request without them.
        @schema.auth()
        class DoctorToken:
            def get(self, case: Any, context: Any) -> str:
                return key

            def set(self, case: Any, data: str, context: Any) -> None:
                case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    return schema


def each_operation(schema: Any, run: Callable[[Any], None]) -> int:
    operations = 0
    for result in schema.get_all_operations():
        run(result.ok())
        operations += 1
    return operations


def test_api_survives_generated_requests(doctor_token):
    sent: Counter[str] = Counter()
    identities = {"doctor": doctor_token, "anonymous": None}
    operations = 0
    for token in identities.values():
        operations = each_operation(load_schema(token), lambda op: run_operation(op, sent))
    assert operations >= 10
    total = sum(sent.values())
    print(
        f"schemathesis: {total} cases over {operations} operations x {len(identities)} identities"
    )
    assert total >= min(MINIMUM_CASES, EXAMPLES * operations * len(identities) // 2)
