"""Shared fixtures: the people tests act as, external services, a real Celery worker, and
isolation of each test.

People, one meaning each (build anyone else with `tests.factories.UserFactory`):
`doctor` (on the roll), `doctor_user` (the account that claimed it), `doctor_client`,
`staff_user`, `staff_client`. Content: `shipped_guides`, `specialties`.
"""

import importlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from guides import assistant
from guides.loading import guides_load
from portal import page_cache
from roll.models import Doctor
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["tests.fixtures.smtp", "tests.fixtures.s3", "tests.fixtures.kms"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the rows data migrations made (hub blocks, beat
    schedules, synonyms…): a flush without it would leave later tests without them, and
    mixing both kinds makes Django re-create content types under the restored ones."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


def service_missing(reason: str) -> None:
    """Skip a test whose service is absent, or fail it when CI demands every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    page_cache._local.clear()  # the public pages a process keeps of its own
    # Each test's database starts over: so must the assistant's process-wide index.
    assistant._cached = None
    yield
    assistant._cached = None
    cache.clear()
    page_cache._local.clear()


@pytest.fixture
def doctor(db: None) -> Doctor:
    """An active doctor on the roll (DoctorFactory). Unclaimed, unless the test also takes
    `doctor_user`: then it is that account's doctor."""
    return DoctorFactory.create()


@pytest.fixture
def doctor_user(doctor: Doctor) -> User:
    """The account that claimed `doctor`: verified address, TEST_PASSWORD, and TOTP enabled
    because the vault asks for a second factor (`tests.auth_helpers.totp_secret` reads it)."""
    return UserFactory.create(doctor=doctor, with_totp=True)


@pytest.fixture
def doctor_client(doctor_user: User) -> Client:
    """A browser of its own, logged in as `doctor_user` with password and TOTP, so every page
    of the doctor space opens (the vault's included)."""
    client = Client()
    force_mfa_login(client, doctor_user)
    return client


@pytest.fixture
def staff_user(db: None) -> User:
    """A member of the council's staff: is_staff and is_superuser, TOTP enabled."""
    return UserFactory.create(staff=True, with_totp=True)


@pytest.fixture
def staff_client(staff_user: User) -> Client:
    """A browser of its own in the admin as `staff_user`, second factor used (the admin
    refuses a session without it)."""
    client = Client()
    force_mfa_login(client, staff_user)
    return client


@pytest.fixture
def shipped_guides(db: None) -> None:
    """The guides shipped in guides/content/ (the 23 sheets, the legal pages), loaded as
    `load_guides` does, over the rows migration 0002 creates (synonyms, hub links) even after
    a flushing test; the assistant indexes them afresh."""
    migration = importlib.import_module("guides.migrations.0002_default_synonyms_and_hub_links")
    migration.create_defaults(django_apps, None)
    guides_load()
    assistant._cached = None


@pytest.fixture
def specialties(db: None) -> None:
    """The specialties migration 0002 ships, even after a flushing test emptied the table."""
    migration = importlib.import_module("registrations.migrations.0002_specialties_and_hub_link")
    migration.seed(django_apps, None)


@pytest.fixture
def redis_url() -> str:
    return require_redis(settings.REDIS_URL)


def require_redis(url: str) -> str:
    """`url` when a Redis answers there; skip (or fail under REQUIRE_SERVICES) otherwise."""
    if not url:
        service_missing("REDIS_URL is not set: no Redis to test against")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def postgres() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        service_missing("DATABASE_URL does not point at PostgreSQL")


def _database_url_for_worker() -> str:
    from django.db import connection

    from tests.database_url import database_url

    return database_url(connection.settings_dict)


class CeleryWorkers:
    """Starts real `celery worker` processes on one queue of their own; `stop_all` ends them.

    Tasks sent from the test go to that queue: the test's Celery app is pointed at Redis for
    as long as the fixture lasts.
    """

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": _database_url_for_worker(),
            "REDIS_URL": self.redis_url,
            **extra_env,
        }
        log = ROOT / "var" / f"worker-{self.queue}-{len(self.processes)}.log"
        log.parent.mkdir(exist_ok=True)
        self.logs.append(log)
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-Q",
                    self.queue,
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        deadline = time.monotonic() + 30
        while b"ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        return process

    def output(self) -> str:
        """What the workers printed, for a failing test's message."""
        return "\n".join(log.read_text(errors="replace") for log in self.logs if log.exists())

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.unlink(missing_ok=True)


@pytest.fixture
def celery_workers(redis_url: str, transactional_db: None) -> Iterator[CeleryWorkers]:
    """Real worker processes on Redis and the test database, started by the test."""
    from portal.celery import app

    workers = CeleryWorkers(redis_url)
    previous = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    app.conf.task_default_queue = workers.queue
    try:
        yield workers
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = previous
        workers.stop_all()


@pytest.fixture
def celery_worker_process(celery_workers: CeleryWorkers) -> subprocess.Popen[bytes]:
    """One real `celery worker` process on Redis and the test database; stopped afterwards."""
    return celery_workers.start()


@pytest.fixture
def migrate_to() -> Iterator[Any]:
    """Move the test database's schema to `targets` (a migration test's before and after);
    returns the apps of that state. The latest migrations of every app are applied again
    after the test, so that a later test never meets a schema left half-migrated."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def run(targets: list[tuple[str, str]] | None) -> Any:
        """`None`: the latest migrations, for a test that goes on with today's models."""
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes() if targets is None else targets
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield run
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
