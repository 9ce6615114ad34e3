"""`make load`: locust against gunicorn with production settings and PostgreSQL, on loopback.

Creates a fresh database on the PostgreSQL server of DATABASE_URL, migrates, seeds the roll
(2,000 doctors), the demo accounts, the shipped guides and the load accounts (load/seed.py),
starts gunicorn (production settings, plain HTTP on 127.0.0.1, so SECURE_SSL_REDIRECT=False),
runs locust headless for LOAD_SECONDS (default 60) with LOAD_USERS (32) users, LOAD_RUSH_USERS
(20) for the deadline rush, spawned at LOAD_SPAWN_RATE (8/s), prints throughput and p50/p95/p99
per endpoint and the error count, then stops everything and drops the database. Exit status 1
if any request failed.

Every simulated user comes from 127.0.0.1, so the per-address limits of the directory and the
assistant are raised for the run (DIRECTORY_RATE_LIMITS, GUIDES_ASSISTANT_RATE); everything
else is the production configuration.
"""

import base64
import csv
import datetime
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

from deploy.stack import free_port, gunicorn_command, loopback_production_env

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "32"))
# The highest this machine kind (2 cores shared with locust, Celery and PostgreSQL) held in the
# rush with p99 < 250 ms: 20 users gave 54 req/s, p99 240 ms; 24 gave 64 req/s with p99 240 and
# 290 ms in two runs, queued behind the password checks (docs/deployment.md, "Sizing...").
RUSH_USERS = int(os.environ.get("LOAD_RUSH_USERS", "20"))
SPAWN_RATE = int(os.environ.get("LOAD_SPAWN_RATE", "8"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
ROLL_SIZE = int(os.environ.get("LOAD_ROLL_SIZE", "2000"))
SCENARIOS = os.environ.get("LOAD_SCENARIOS", "browse,rush").split(",")
# The rush runs on the full roll; a short run (CI's LOAD_SECONDS=10) keeps the small one.
RUSH_ROLL_SIZE = int(os.environ.get("LOAD_RUSH_ROLL_SIZE", 261_378 if SECONDS >= 60 else ROLL_SIZE))
RUSH_ACCOUNTS = int(os.environ.get("LOAD_RUSH_ACCOUNTS", 400 if SECONDS >= 60 else 100))
LOCUSTFILES = {"browse": "load/locustfile.py", "rush": "load/rush.py"}


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


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            sys.exit(f"gunicorn exited before answering; the end of its output:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def report(stats_csv: Path, scenario: str, users: int) -> int:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    columns = ("requests", 8), ("errors", 6), ("req/s", 7), ("p50", 6), ("p95", 6), ("p99", 6)
    header = f"{'endpoint':<46} " + " ".join(f"{name:>{width}}" for name, width in columns)
    print(
        f"\nlocust, scenario {scenario}: {users} users, {SECONDS} s, gunicorn {WORKERS} workers, "
        f"production settings; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
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
    name = os.environ.get("LOAD_DATABASE", f"portal_load_{os.getpid()}")
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    port = int(os.environ.get("LOAD_PORT", 0)) or free_port()
    mail_port = free_port()
    env = {
        **loopback_production_env(work),
        "DATABASE_URL": with_database(url, name),
        "VAULT_KEYS": f"load:{key}",
        "VAULT_ACTIVE_KEY": "load",
        "VAULT_ROOT": str(work / "vault"),
        # Production refuses to start without Redis, a mail backend that sends, and a real
        # payment provider (portal/settings/startup_checks.py). The deadline rush pays on the
        # dummy provider's hosted page, as `make smoke` does: the test-rig-only opt-in.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        "PAYMENT_PROVIDER_ALLOW_DUMMY": "True",
        "DIRECTORY_RATE_LIMITS": "1000000/m,100000000/d",
        "GUIDES_ASSISTANT_RATE": "1000000/m",
        # As behind the HTTPS proxy: each simulated person sends its own X-Forwarded-For, so the
        # per-address limits of the login stay production's (load/rush.py).
        "TRUSTED_PROXY_COUNT": "1",
        "PAYMENT_PROVIDER": "dummy",
        "PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        # This tree's code in every process (load/seed.py, locust, celery), whatever the
        # virtual environment's editable install points at.
        "PYTHONPATH": str(ROOT),
    }
    python = str(BIN / "python")
    gunicorn: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    # The payment confirmations' emails go to a local sink, as in `make smoke`.
    mail = subprocess.Popen(  # noqa: S603
        [python, "-m", "deploy.mail_sink", "--dir", str(work / "mail"), "--port", str(mail_port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
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
        print(f"== gunicorn on 127.0.0.1:{port}, {WORKERS} workers")
        # Production's gunicorn settings (preloaded app, worker recycling, JSON access log),
        # the access log to a file as a container's log driver would take it.
        with (work / "gunicorn.log").open("wb") as log:
            gunicorn = subprocess.Popen(  # noqa: S603
                gunicorn_command(port, WORKERS),
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if env.get("REDIS_URL"):
            # The dummy provider's webhooks and the confirmation emails go through the broker.
            with (work / "worker.log").open("wb") as log:
                worker = subprocess.Popen(  # noqa: S603
                    [str(BIN / "celery"), "-A", "portal", "worker", "-c", "2", "-l", "WARNING"],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        wait_healthy(f"http://127.0.0.1:{port}/healthz", gunicorn, work / "gunicorn.log")
        errors = 0
        for scenario in SCENARIOS:
            data = work / f"load-data-{scenario}.json"
            seed = ["--doctors", "40"]
            if scenario == "rush":
                year = str(datetime.date.today().year)
                print(
                    f"== rush: roll of {RUSH_ROLL_SIZE:,}, {year} campaign, "
                    f"{RUSH_ACCOUNTS} accounts"
                )
                run([python, "manage.py", "seed_roll", "--doctors", str(RUSH_ROLL_SIZE)], env)
                run([python, "manage.py", "open_dues_campaign", "--year", year], env)
                seed = ["--rush", str(RUSH_ACCOUNTS), "--year", year]
            with data.open("w", encoding="utf-8") as out:
                run([python, "load/seed.py", *seed], env, stdout=out)
            users = RUSH_USERS if scenario == "rush" else USERS
            print(f"== locust, scenario {scenario}: {users} users, {SECONDS} s")
            stats = work / f"locust-{scenario}"
            run(
                [
                    str(BIN / "locust"),
                    "-f",
                    LOCUSTFILES[scenario],
                    "--headless",
                    "--only-summary",
                    "-u",
                    str(users),
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
                    "30",
                ],
                {**env, "LOAD_DATA": str(data)},
                stdout=subprocess.DEVNULL,
            )
            errors += report(Path(f"{stats}_stats.csv"), scenario, users)
        return 1 if errors else 0
    finally:
        for process in (gunicorn, worker, mail):
            if process is not None and process.poll() is None:
                # The master only: it stops its own workers (Celery's warm shutdown).
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
