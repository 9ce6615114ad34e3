"""docker-compose.yml cannot be started here (no Docker engine): check that everything it names
exists in the project, and that the Dockerfile, .env.example and the docs agree with it."""

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from django.conf import settings
from django.core.management import get_commands

from deploy import gunicorn_conf, healthcheck

ROOT = Path(__file__).resolve().parent.parent.parent
PORTAL_SERVICES = ("web", "worker", "beat", "migrate")
REQUIRED_SERVICES = {"web", "worker", "beat", "db", "redis", "s3", "mail"}
ONE_SHOT = {"migrate", "s3-init"}
_INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
_DOCUMENTED = re.compile(r"`([A-Z][A-Z0-9_]{2,})`")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def documented() -> set[str]:
    """Every variable named in backquotes in docs/ (configuration.md, per-app docs, deployment)."""
    names: set[str] = set()
    for page in (ROOT / "docs").glob("*.md"):
        names |= set(_DOCUMENTED.findall(page.read_text()))
    return names


def env_example() -> dict[str, str]:
    """Variables of .env.example, set or shown commented out (`# NAME=`)."""
    found = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_the_issues_services_are_all_there(services):
    assert set(services) >= REQUIRED_SERVICES


def test_portal_services_use_production_settings_that_exist(services):
    for name in PORTAL_SERVICES:
        module = services[name]["environment"]["DJANGO_SETTINGS_MODULE"]
        assert module == "portal.settings.production", name
        assert importlib.util.find_spec(module) is not None
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in dockerfile


def test_web_runs_gunicorn_on_the_wsgi_application_and_the_published_port(services):
    command = services["web"]["command"]
    assert command[0] == "gunicorn"
    module, attribute = command[1].split(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    config = command[command.index("-c") + 1]
    assert (ROOT / config).is_file()
    port = services["web"]["environment"]["GUNICORN_BIND"].rsplit(":", 1)[1]
    assert gunicorn_conf.bind.rsplit(":", 1)[1] == port
    assert any(str(p).endswith(f":{port}") for p in services["web"]["ports"])
    assert f"EXPOSE {port}" in (ROOT / "Dockerfile").read_text()


def test_dockerfile_entry_point_is_the_web_command(services):
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd is not None
    assert yaml.safe_load(cmd.group(1)) == services["web"]["command"]


def test_dockerfile_is_multi_stage_non_root_pinned_and_collects_static():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.MULTILINE)) >= 2
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert "-r /tmp/requirements.txt" in dockerfile
    pinned = (ROOT / "deploy" / "requirements.txt").read_text().splitlines()
    requirements = [line for line in pinned if line and not line.startswith("#")]
    assert requirements
    assert all("==" in line for line in requirements)
    names = {line.split("==")[0] for line in requirements}
    assert {"django", "gunicorn", "celery", "psycopg", "django-celery-beat", "boto3"} <= names
    assert "manage.py collectstatic --noinput" in dockerfile


def test_worker_and_beat_run_the_portal_celery_app(services):
    from portal.celery import app

    assert isinstance(app, Celery)
    assert app.main == "portal"
    for name in ("worker", "beat"):
        command = services[name]["command"]
        assert command[:3] == ["celery", "-A", "portal"]
        assert command[3] == name
    beat = services["beat"]["command"]
    scheduler = beat[beat.index("--scheduler") + 1]
    assert scheduler == settings.CELERY_BEAT_SCHEDULER
    module, attribute = scheduler.split(":")
    assert getattr(importlib.import_module(module), attribute)


def test_management_commands_exist(services):
    commands = get_commands()
    for name, service in services.items():
        command = service.get("command")
        if isinstance(command, list) and command[:2] == ["python", "manage.py"]:
            assert command[2] in commands, f"{name}: no management command {command[2]}"


def test_every_long_running_service_has_a_working_health_check(services):
    for name, service in services.items():
        if name in ONE_SHOT:
            continue
        test = service["healthcheck"]["test"]
        assert test[0] in {"CMD", "CMD-SHELL"}, name
        if test[1:4] == ["python", "-m", "deploy.healthcheck"]:
            assert test[4] in healthcheck.CHECKS, name


def test_dependencies_and_volumes_are_declared(compose, services):
    declared_volumes = set(compose["volumes"])
    used_volumes = set()
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                used_volumes.add(source)
    assert used_volumes == declared_volumes


def test_every_variable_is_documented_and_in_env_example(services, documented):
    text = (ROOT / "docker-compose.yml").read_text()
    variables = set(_INTERPOLATION.findall(text))
    for name in PORTAL_SERVICES:
        variables |= set(services[name]["environment"])
    undocumented = sorted(variables - documented)
    assert not undocumented, f"not documented in docs/: {undocumented}"
    example = env_example()
    # Variables compose fills itself (from POSTGRES_*, or fixed service addresses).
    fixed = {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "REDIS_URL",
        "VAULT_STORAGE",
        "GUNICORN_BIND",
        "FORWARDED_ALLOW_IPS",
    }
    missing = sorted(variables - fixed - set(example))
    assert not missing, f"not in .env.example: {missing}"


def test_env_example_lists_documented_variables_with_placeholders(documented):
    example = env_example()
    assert not sorted(set(example) - documented)
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "VAULT_KEYS", "VAULT_ACTIVE_KEY"):
        assert required in example
    # Placeholders only: nothing that looks like a real key.
    assert "change-me" in example["SECRET_KEY"]
    assert example["PAYMENT_PROVIDER"] != "dummy"


def test_production_settings_read_every_portal_variable_compose_sets(services):
    settings_sources = "\n".join(
        path.read_text() for path in (ROOT / "portal" / "settings").rglob("*.py")
    )
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", settings_sources))
    process_level = {
        "DJANGO_SETTINGS_MODULE",
        "GUNICORN_BIND",
        "FORWARDED_ALLOW_IPS",
        "WEB_CONCURRENCY",
    }
    for name in PORTAL_SERVICES:
        unknown = set(services[name]["environment"]) - read - process_level
        assert not unknown, f"{name} sets variables nothing reads: {unknown}"


def test_service_addresses_point_at_services_of_the_file(services):
    environment = services["web"]["environment"]
    addresses = {
        "DATABASE_URL": ("db", 5432),
        "REDIS_URL": ("redis", 6379),
        "VAULT_S3_ENDPOINT_URL": ("s3", 9000),
        "EMAIL_URL": ("mail", 1025),
    }
    for variable, (host, port) in addresses.items():
        value = environment[variable]
        default = value.split(":-", 1)[1].rstrip("}") if value.startswith("${") else value
        assert f"@{host}:{port}" in default or f"//{host}:{port}" in default, variable
        assert host in services
    assert "/data" in services["s3"]["command"]  # MinIO serves S3 on its default port 9000
