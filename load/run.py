"""`make load`: locust against gunicorn with production settings and PostgreSQL, on loopback.

Creates a fresh database on the PostgreSQL server of DATABASE_URL, migrates, seeds the roll
(2,000 doctors), the demo accounts, the shipped guides and the load accounts (load/seed.py),
starts gunicorn (production settings, plain HTTP on 127.0.0.1, so SECURE_SSL_REDIRECT=False),
runs locust headless for LOAD_SECONDS (default 60) with LOAD_USERS (32) users spawned at
LOAD_SPAWN_RATE (8/s), prints throughput and p50/p95/p99 per endpoint and the error count,
then stops everything and drops the database. Exit status 1 if any request failed.

Every simulated user comes from 127.0.0.1, so the per-address limits of the directory and the
assistant are raised for the run (DIRECTORY_RATE_LIMITS, GUIDES_ASSISTANT_RATE); everything
else is the production configuration.
"""

import base64
import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from deploy.stack import free_port, loopback_production_env

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "32"))
SPAWN_RATE = int(os.environ.get("LOAD_SPAWN_RATE", "8"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
ROLL_SIZE = int(os.environ.get("LOAD_ROLL_SIZE", "2000"))


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            "make load needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/any "
            "(a fresh database is created on that server and dropped afterwards)."
        )
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


def run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    # Only this script's own fixed commands, never outside input.
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited before answering (see its output above)")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def report(stats_csv: Path) -> int:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    columns = ("requests", 8), ("errors", 6), ("req/s", 7), ("p50", 6), ("p95", 6), ("p99", 6)
    header = f"{'endpoint':<46} " + " ".join(f"{name:>{width}}" for name, width in columns)
    print(f"\nlocust: {USERS} users, {SECONDS} s, gunicorn {WORKERS} workers, production settings")
    print(header + "  (ms)")
    print("-" * len(header))
    errors = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "TOTAL"
        if name == "TOTAL":
            print("-" * len(header))
            errors = int(row["Failure Count"])
        label = f"{row['Type']} {name}" if name != "TOTAL" else name
        print(
            f"{label[:46]:<46} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print(f"\nerrors: {errors}")
    return errors


def main() -> int:
    url = server_url()
    name = f"portal_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    port = free_port()
    env = {
        **loopback_production_env(work),
        "DATABASE_URL": with_database(url, name),
        "VAULT_KEYS": f"load:{key}",
        "VAULT_ACTIVE_KEY": "load",
        "VAULT_ROOT": str(work / "vault"),
        # Production refuses to start without Redis, a mail backend that sends, and a real
        # payment provider (portal/settings/startup_checks.py): the load test pays nothing
        # and reads no mail, so Stripe with test keys and a file backend stand in.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        "EMAIL_URL": f"filemail:///{work / 'mail'}",
        "PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_load",
        "STRIPE_WEBHOOK_SECRET": "whsec_load",
        "DIRECTORY_RATE_LIMITS": "1000000/m,100000000/d",
        "GUIDES_ASSISTANT_RATE": "1000000/m",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    python = str(BIN / "python")
    gunicorn: subprocess.Popen[bytes] | None = None
    admin_sql(url, f'CREATE DATABASE "{name}"')
    try:
        print(f"== database {name}: migrate and seed")
        run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "seed_roll", "--doctors", str(ROLL_SIZE)], env)
        run([python, "manage.py", "load_guides"], env)
        # seed_demo refuses DEBUG off (known passwords): it runs with local settings, same DB.
        run(
            [python, "manage.py", "seed_demo"],
            {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.local"},
            stdout=subprocess.DEVNULL,
        )
        data = work / "load-data.json"
        with data.open("w", encoding="utf-8") as out:
            run([python, "load/seed.py", "--doctors", "40"], env, stdout=out)

        print(f"== gunicorn on 127.0.0.1:{port}, {WORKERS} workers")
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        wait_healthy(f"http://127.0.0.1:{port}/healthz", gunicorn)

        print(f"== locust: {USERS} users, {SECONDS} s")
        stats = work / "locust"
        run(
            [
                str(BIN / "locust"),
                "-f",
                "load/locustfile.py",
                "--headless",
                "--only-summary",
                "-u",
                str(USERS),
                "-r",
                str(SPAWN_RATE),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(stats),
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
                "--stop-timeout",
                "5",
            ],
            {**env, "LOAD_DATA": str(data)},
            stdout=subprocess.DEVNULL,
        )
        return 1 if report(Path(f"{stats}_stats.csv")) else 0
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
