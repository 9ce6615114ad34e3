"""The production processes started natively, as docker-compose.yml starts them in containers.

Used by `make smoke` (deploy/smoke.py) and `make restore-drill` (deploy/restore_drill.py).
Every process is started in its own process group and always stopped (`Stack.stop`), then the
throwaway database is dropped and the Redis database flushed. Nothing here needs Docker: the
machine's PostgreSQL and Redis, moto in server mode for S3 (and for KMS, when the stack's
vault key provider is `kms`) and an aiosmtpd sink for mail.
"""

import base64
import contextlib
import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
S3_ACCESS_KEY = "smoke-access-key"
S3_SECRET_KEY = "smoke-secret-key"  # noqa: S105 - a local moto server, thrown away
PG_ADMIN_URL = os.environ.get("SMOKE_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379")


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A free loopback port; within SMOKE_PORTS ("27300-27399") when a shared machine gives
    each engineer a range."""
    span = os.environ.get("SMOKE_PORTS", "")
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0]
    for candidate in candidates:
        if candidate in _HANDED_OUT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = int(probe.getsockname()[1])
        _HANDED_OUT.add(port)
        return port
    raise RuntimeError(f"no free port in SMOKE_PORTS={span}")


def loopback_production_env(workdir: Path, *, secret_key: str | None = None) -> dict[str, str]:
    """Production settings served on plain HTTP over loopback, on top of this environment.

    No proxy terminates TLS here, so SSL redirection is off; HSTS, secure cookies and the rest
    of production's settings stay as they are. Callers add the database, vault and services.
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key or secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(workdir / "static"),
        # The rigs on loopback (smoke, load, benchmarks, the proxy tests) file no debits:
        # direct debit off, so production's refusal of the development SEPA creditor holds
        # without a real creditor here.
        "DIRECT_DEBIT_PROVIDER": "",
    }


def gunicorn_command(
    port: int, workers: int, *extra: str, app: str = "portal.wsgi:application"
) -> list[str]:
    """gunicorn on loopback with production's settings (deploy/gunicorn_conf.py): how `make
    smoke`, `make load` and the benchmarks start a web tier. `extra` options come last and win."""
    return [
        str(BIN / "gunicorn"),
        app,
        "--config",
        str(ROOT / "deploy" / "gunicorn_conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *extra,
    ]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return int(response.status) < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def wait_until(
    what: str, test: Callable[[], bool], timeout: float = 60, process: "Process | None" = None
) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{what}: {process.name} exited ({process.popen.returncode})")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(0.2)


def pg_execute(sql: str, url: str = PG_ADMIN_URL) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def pg_query(
    database_url: str, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return list(connection.execute(sql, params))


def database_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def static_fingerprint() -> str:
    """Changes when a static source or an installed package (Django admin, API docs) changes."""
    from importlib import metadata

    digest = hashlib.sha256(sys.version.encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    sources = [*ROOT.glob("static/**/*"), *ROOT.glob("*/static/**/*")]
    for path in sorted(p for p in sources if p.is_file() and ".venv" not in p.parts):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def new_kek() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Stack:
    """A throwaway production-like environment: database, Redis db, S3 bucket, mail folder."""

    redis_db: int = int(os.environ.get("SMOKE_REDIS_DB", "13"))
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portal-smoke-")))
    database: str = field(
        default_factory=lambda: os.environ.get("SMOKE_DATABASE") or f"portal_smoke_{os.getpid()}"
    )
    bucket: str = field(default_factory=lambda: f"vault-smoke-{os.getpid()}")
    processes: list[Process] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)
    mail_port: int = field(default_factory=free_port)
    s3_port: int = field(default_factory=free_port)
    kek_id: str = "smoke1"
    kek: str = field(default_factory=new_kek)
    # VAULT_KEY_PROVIDER of the stack: "kms" makes the moto server the key service too, with a
    # key created by start_s3 (SMOKE_VAULT_KEY_PROVIDER, or the test-suite's variable).
    key_provider: str = field(
        default_factory=lambda: (
            os.environ.get("SMOKE_VAULT_KEY_PROVIDER")
            or os.environ.get("VAULT_KEY_PROVIDER_UNDER_TEST")
            or "local"
        )
    )
    kms_key_id: str = ""
    # One key for every process: a session signed by one web process is read by the other.
    secret_key: str = field(default_factory=lambda: "smoke-" + secrets.token_urlsafe(48))
    webhook_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def redis_url(self) -> str:
        return f"{REDIS_BASE}/{self.redis_db}"

    def env(self, *, database: str | None = None, bucket: str | None = None) -> dict[str, str]:
        """The variables docs/configuration.md lists, as the compose file sets them."""
        return {
            **loopback_production_env(self.workdir, secret_key=self.secret_key),
            "DATABASE_URL": database_url(database or self.database),
            "REDIS_URL": self.redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mail_port}",
            "VAULT_STORAGE": "s3",
            "VAULT_S3_ENDPOINT_URL": self.s3_url,
            "VAULT_S3_BUCKET": bucket or self.bucket,
            "VAULT_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "VAULT_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
            **self.vault_key_env(),
            # The dummy payment provider: production refuses it unless a test rig opts in
            # (docs/configuration.md forbids the opt-in in a deployment); `check --deploy`
            # still refuses it (cotisations.E003). The smoke run never takes real money.
            "PAYMENT_PROVIDER": "dummy",
            "PAYMENT_PROVIDER_ALLOW_DUMMY": "True",
            "PAYMENT_WEBHOOK_SECRET": self.webhook_secret,
            "LOG_LEVEL": "INFO",
        }

    def vault_key_env(self, kms_key_id: str | None = None) -> dict[str, str]:
        """The key provider's variables: a local KEK, or a key of the moto key service."""
        if self.key_provider != "kms":
            return {"VAULT_KEYS": f"{self.kek_id}:{self.kek}", "VAULT_ACTIVE_KEY": self.kek_id}
        key_id = kms_key_id or self.kms_key_id
        if not key_id:
            raise RuntimeError("VAULT_KEY_PROVIDER=kms: start the moto server (start_s3) first")
        return {
            "VAULT_KEY_PROVIDER": "kms",
            "VAULT_KEYS": "",
            "VAULT_KMS_KEYS": f"{self.kek_id}:{key_id}",
            "VAULT_ACTIVE_KEY": self.kek_id,
            "VAULT_KMS_ENDPOINT_URL": self.s3_url,
            "VAULT_KMS_REGION": "us-east-1",
            "VAULT_KMS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "VAULT_KMS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        }

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Process:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as log_file:
            popen = subprocess.Popen(  # noqa: S603 - our own commands
                argv,
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped with its children
            )
        process = Process(name=name, popen=popen, log=log)
        self.processes.append(process)
        return process

    def run(self, argv: list[str], env: dict[str, str], timeout: float = 120) -> str:
        """Run a command to completion; its output, or RuntimeError with it."""
        result = subprocess.run(  # noqa: S603 - our own commands
            argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout + result.stderr

    def manage(self, *args: str, env: dict[str, str], timeout: float = 120) -> str:
        return self.run([PYTHON, "manage.py", *args], env, timeout=timeout)

    # Services -------------------------------------------------------------------------------

    def create_database(self, name: str | None = None) -> str:
        name = name or self.database
        pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return name

    def flush_redis(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=3)
        try:
            client.flushdb()
        finally:
            client.close()

    def start_mail_sink(self) -> None:
        self.start(
            "mail",
            [
                PYTHON,
                "-m",
                "deploy.mail_sink",
                "--dir",
                str(self.mail_dir),
                "--port",
                str(self.mail_port),
            ],
            dict(os.environ),
        )
        wait_until("mail sink", lambda: _port_open(self.mail_port), timeout=20)

    def start_s3(self) -> None:
        self.start(
            "s3",
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
            dict(os.environ),
        )
        wait_until("moto S3 server", lambda: answers(self.s3_url + "/moto-api/"), timeout=30)
        if self.key_provider == "kms":
            self.kms_key_id = self.create_kms_key()

    def create_kms_key(self) -> str:
        """A fresh symmetric key on the moto key service (the trusted third party's, here)."""
        created = self.moto_client("kms").create_key(Description="portal vault")
        return str(created["KeyMetadata"]["KeyId"])

    def s3_client(self):  # type: ignore[no-untyped-def]
        return self.moto_client("s3")

    def moto_client(self, service: str):  # type: ignore[no-untyped-def]
        """A client of the stack's moto server, which serves S3 and KMS on one port."""
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.s3_url,
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
            region_name="us-east-1",
        )

    def create_bucket(self, name: str | None = None) -> None:
        self.s3_client().create_bucket(Bucket=name or self.bucket)

    def start_web(self, name: str, port: int, env: dict[str, str], workers: int = 2) -> Process:
        return self.start(name, gunicorn_command(port, workers), env)

    def start_worker(self, name: str, env: dict[str, str]) -> Process:
        return self.start(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "-n",
                f"{name}@%h",
            ],
            env,
        )

    def start_beat(self, env: dict[str, str]) -> Process:
        return self.start(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "beat",
                "--loglevel=INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
                "--pidfile=",
            ],
            env,
        )

    def stop(self) -> None:
        """Stop every process (TERM, then KILL), drop the databases; never raises."""
        for process in reversed(self.processes):
            _signal_group(process.popen, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in reversed(self.processes):
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process.popen, signal.SIGKILL)
                process.popen.wait()
            # Children (gunicorn and celery workers) share the group: make sure none is left.
            _signal_group(process.popen, signal.SIGKILL)
        for name in self.databases:
            try:
                pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as error:
                print(f"could not drop database {name}: {error}", file=sys.stderr)
        try:
            self.flush_redis()
        except Exception as error:
            print(f"could not flush Redis db {self.redis_db}: {error}", file=sys.stderr)


def _signal_group(popen: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signum)


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
