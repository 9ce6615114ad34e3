"""The `kms` provider refuses to start without a key it can use, and /healthz reports it."""

import json
import sys

import pytest
from django.conf import settings as django_settings

from portal.settings.startup_checks import production_problems
from tests.fixtures.kms import KmsServer, use_kms
from tests.portal.test_startup_refusals import start
from tests.vault.conftest import KEK_A
from vault.checks import vault_key_service_check, vault_keys_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_id(settings, kms_server: KmsServer) -> str:
    key = kms_server.create_key()
    use_kms(settings, kms_server, keys={"kms1": key}, active="kms1")
    return key


def problems(settings) -> list[str]:
    return [error.msg for error in vault_key_service_check() if error.id == "vault.E004"]


def test_a_usable_key_passes(key_id, settings):
    assert vault_key_service_check() == []
    assert vault_keys_check() == []


def test_a_local_provider_calls_no_service(settings):
    settings.VAULT_KEY_PROVIDER = "local"
    settings.VAULT_KMS_ENDPOINT_URL = "http://127.0.0.1:9"
    assert vault_key_service_check() == []


def test_an_unreachable_service_is_refused(key_id, settings):
    settings.VAULT_KMS_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens there
    (problem,) = problems(settings)
    assert "did not answer DescribeKey" in problem


def test_an_unknown_key_is_refused(key_id, settings, kms_server):
    use_kms(
        settings,
        kms_server,
        keys={"kms1": "00000000-0000-0000-0000-000000000000"},
        active="kms1",
    )
    (problem,) = problems(settings)
    assert "refused DescribeKey: NotFoundException" in problem


def test_a_disabled_key_is_refused(key_id, kms_server, settings):
    kms_server.client().disable_key(KeyId=key_id)
    (problem,) = problems(settings)
    assert "'kms1' is Disabled" in problem


def test_a_key_these_credentials_may_not_use_is_refused(key_id, kms_server, settings):
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "kms:DescribeKey", "Resource": "*"}
        ],
    }
    kms_server.client().put_key_policy(KeyId=key_id, PolicyName="default", Policy=json.dumps(deny))
    (problem,) = problems(settings)
    assert "AccessDeniedException" in problem


def test_a_signing_key_is_refused(settings, kms_server):
    key = kms_server.create_key(KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")
    use_kms(settings, kms_server, keys={"kms1": key}, active="kms1")
    (problem,) = problems(settings)
    assert "not a symmetric encryption key" in problem


def test_an_old_key_is_described_too(key_id, kms_server, settings):
    use_kms(
        settings,
        kms_server,
        keys={"kms1": key_id, "old": "11111111-1111-1111-1111-111111111111"},
        active="kms1",
    )
    (problem,) = problems(settings)
    assert "'old'" in problem


def test_an_active_key_missing_from_the_service_keys_is_e001(key_id, settings):
    settings.VAULT_ACTIVE_KEY = "other"
    (error,) = vault_keys_check()
    assert error.id == "vault.E001"
    assert "VAULT_KMS_KEYS" in error.msg


def _values(**overrides):
    values = {
        name: getattr(django_settings, name) for name in dir(django_settings) if name.isupper()
    }
    return {**values, **overrides}


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"VAULT_KMS_KEYS": "", "VAULT_ACTIVE_KEY": "kms1"}, "VAULT_KMS_KEYS"),
        ({"VAULT_KMS_KEYS": "kms1:abc", "VAULT_ACTIVE_KEY": "other"}, "VAULT_ACTIVE_KEY"),
        ({"VAULT_KMS_KEYS": "bad label!:abc", "VAULT_ACTIVE_KEY": "x"}, "VAULT_KMS_KEYS"),
        ({"VAULT_KMS_KEYS": "k1:abc", "VAULT_ACTIVE_KEY": "k1"}, "both VAULT_KEYS"),
        ({"VAULT_KEY_PROVIDER": "hsm"}, "VAULT_KEY_PROVIDER"),
    ],
)
def test_production_refuses_a_kms_configuration_it_can_read_as_wrong(overrides, named, settings):
    settings.VAULT_KEYS = f"k1:{KEK_A}"  # a local KEK still listed (the move to kms)
    values = _values(**{"VAULT_KEY_PROVIDER": "kms", **overrides})
    vault_problems = [p for p in production_problems(values) if "VAULT" in p or "vault" in p]
    assert any(named in problem for problem in vault_problems), vault_problems


def test_production_accepts_kms_without_local_keys(settings):
    values = _values(
        VAULT_KEY_PROVIDER="kms", VAULT_KEYS="", VAULT_KMS_KEYS="kms1:abc", VAULT_ACTIVE_KEY="kms1"
    )
    assert not [p for p in production_problems(values) if "vault" in p.lower()]


def test_the_first_step_of_a_deployment_refuses_an_unusable_key(kms_server, tmp_path):
    """`manage.py check` (and so `migrate`, the compose file's first service) on production
    settings stops when the key service does not know the key."""
    env = {
        "VAULT_KEY_PROVIDER": "kms",
        "VAULT_KEYS": "",
        "VAULT_KMS_KEYS": "kms1:22222222-2222-2222-2222-222222222222",
        "VAULT_ACTIVE_KEY": "kms1",
        "VAULT_KMS_ENDPOINT_URL": kms_server.endpoint_url,
        "VAULT_KMS_REGION": kms_server.region,
        "VAULT_KMS_ACCESS_KEY_ID": kms_server.access_key,
        "VAULT_KMS_SECRET_ACCESS_KEY": kms_server.secret_key,
    }
    refused = start([sys.executable, "manage.py", "check"], env, tmp_path)
    assert refused.returncode != 0
    assert "vault.E004" in refused.stderr
    assert "NotFoundException" in refused.stderr
    env["VAULT_KMS_KEYS"] = f"kms1:{kms_server.create_key()}"
    started = start([sys.executable, "manage.py", "check"], env, tmp_path)
    assert started.returncode == 0, started.stderr


def test_healthz_reports_the_key_service(client, key_id, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "key_service": True}
    settings.VAULT_KMS_ENDPOINT_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "key_service": False}
