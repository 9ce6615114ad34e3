"""Requests per second of the portal's everyday pages, against a bare Django app, in one run.

    createdb -h 127.0.0.1 -U postgres portal_bench_web
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_web \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/web.py [--seconds 10] [--connections 16] [--workers 2] [--port 0]

Needs PostgreSQL (DATABASE_URL: migrated here, the full roll of 261,378 doctors seeded once
and reused afterwards), Redis (REDIS_URL: production's cache, sessions and rate limits) and
Debian's wrk (/usr/bin/wrk). The run:

1. migrates, seeds the roll if it holds fewer doctors (roll_seed, seed 1), loads the shipped
   guides, opens this year's dues campaign (idempotent), and makes one bench doctor per wrk
   connection: an account on an unclaimed doctor of the roll with TOTP on, three vault
   documents and a session whose second factor is recorded (load.seed.mfa_session_create),
   deleted afterwards; the personal pages' requests take each doctor's cookies in turn;
2. starts the portal with production settings under gunicorn (deploy/gunicorn_conf.py, sync
   workers) and the bare app (bench/bare/app.py: a hello view and a 20 KB template page)
   under the same gunicorn configuration and worker count;
3. drives every endpoint with wrk (--connections, two threads, bench/web.lua), first for a
   short warm-up then for --seconds, and prints req/s, p50, p99 and the ratio to the bare
   page of the same kind, with the count of non-2xx answers. Each page is paired with its
   bare counterpart measured just before it, and the ratio is taken within the pair: on this
   machine kind the bare page alone gave 717 then 557 req/s forty seconds apart, so a
   baseline measured minutes away from a page says more about the machine than the page.
   The bare rows give the range of their measurements in the run.

Exit status 1 when an answer was not 2xx (a 429 or a redirect to the login page is a failure
of the run, not a fast answer) or a goal of the table is missed.

Production configuration used (every variable docs/configuration.md lists as needed): a
random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=False (plain HTTP on
loopback: no proxy terminates TLS here), DATABASE_URL and REDIS_URL as given, SMTP email
(EMAIL_URL; nothing is sent), the vault on local disk in a temporary folder with a random
key (VAULT_KEYS), PAYMENT_PROVIDER=stripe with test keys (no payment is made), SITE_URL on
https. Bench only: every request comes from 127.0.0.1, so the
per-address limits of the directory and the assistant are raised (DIRECTORY_RATE_LIMITS,
GUIDES_ASSISTANT_RATE), as `make load` does; the limits are still counted on each request.
"""

import argparse
import base64
import datetime
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.stack import (  # noqa: E402
    free_port,
    gunicorn_command,
    loopback_production_env,
    static_fingerprint,
)

ROLL_SIZE = 261_378
WRK = "/usr/bin/wrk"
LUA = ROOT / "bench" / "web.lua"
BIN = Path(sys.executable).parent
QUESTION = "Combien de temps conserver le dossier médical ?"


@dataclass(frozen=True)
class Endpoint:
    path: str
    baseline: str  # "hello" or "page": which bare endpoint the ratio is taken against
    goal_ratio: float
    goal_p99_ms: float | None = None
    personal: bool = False


def endpoints(rpps: str) -> list[Endpoint]:
    """The issue's table (W1): each page with its goal."""
    return [
        Endpoint("/medecins/", "hello", 0.5),
        Endpoint("/patients/", "hello", 0.5),
        Endpoint("/", "hello", 0.5),
        Endpoint("/guides/rgpd/dossier-patient/", "page", 1.0),
        Endpoint("/annuaire/?q=martin", "page", 0.5, goal_p99_ms=100),
        Endpoint(f"/annuaire/{rpps}/", "page", 1.0),
        Endpoint("/assistant/?" + urlencode({"q": QUESTION}), "page", 0.5),
        Endpoint("/espace/", "page", 1.0, goal_p99_ms=50, personal=True),
        Endpoint("/espace/cotisations/", "page", 1.0, goal_p99_ms=50, personal=True),
        Endpoint("/espace/coffre/", "page", 1.0, goal_p99_ms=50, personal=True),
        Endpoint("/healthz", "hello", 0.5),
    ]


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    bad_status: int
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds before")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both apps")
    parser.add_argument("--port", type=int, default=0, help="portal's port (bare: +1); 0: any")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATH",
        help="measure only this page, or the pages whose path starts with PATH (repeatable), "
        "to compare two versions of one change; the bare app is measured all the same",
    )
    return parser.parse_args()


def chosen(path: str, only: list[str]) -> bool:
    """`--only`: a page given whole, or by its beginning (`/espace/` is not all of `/`)."""
    return not only or any(path == p or (p != "/" and path.startswith(p)) for p in only)


def production_env(work: Path) -> dict[str, str]:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    return {
        **loopback_production_env(work),
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "VAULT_STORAGE": "local",
        "VAULT_ROOT": str(work / "vault"),
        "VAULT_KEYS": f"bench:{key}",
        "VAULT_ACTIVE_KEY": "bench",
        "PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_bench_web",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench_web",
        "SITE_URL": "https://portail.ordre.test",
        "DIRECTORY_RATE_LIMITS": "100000000/m,1000000000/d",
        "GUIDES_ASSISTANT_RATE": "100000000/m",
        "LOG_LEVEL": "WARNING",
    }


def run(argv: list[str], timeout: float = 900) -> None:
    subprocess.run(argv, cwd=ROOT, env=os.environ, check=True, timeout=timeout)


def static_root() -> Path:
    """collectstatic with production's storage, kept while the sources are the same."""
    root = ROOT / "var" / "bench-web-static" / static_fingerprint()
    if not (root / "staticfiles.json").exists():
        shutil.rmtree(root.parent, ignore_errors=True)
        part = root.with_suffix(".part")
        os.environ["STATIC_ROOT"] = str(part)
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"])
        part.rename(root)
    return root


def prepare() -> None:
    """The database as the run needs it: migrated, full roll, guides, this year's campaign."""
    from django.core.management import call_command

    from cotisations.services.campaigns import campaign_open
    from roll.models import Doctor
    from roll.services.seeding import roll_seed

    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"])
    present = Doctor.objects.count()
    if present < ROLL_SIZE:
        started = time.perf_counter()
        added = roll_seed(doctors=ROLL_SIZE, seed=1)
        print(f"seeded {added:,} doctors in {time.perf_counter() - started:.1f} s", flush=True)
    call_command("load_guides", stdout=open(os.devnull, "w"))  # noqa: SIM115
    campaign_open(year=datetime.date.today().year)


def settle() -> None:
    """Statistics and visibility maps as autovacuum leaves them, before anything is timed.

    A first run seeds 261,378 doctors and as many dues calls, and every run adds and removes
    its doctors' documents and journal entries: left to autovacuum, the analysis of those
    tables fell in the middle of the runs (the directory at 0.36 instead of 0.65 of the page).
    """
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuumed and analysed in {time.perf_counter() - started:.1f} s", flush=True)


def bench_doctors(count: int):  # type: ignore[no-untyped-def]
    """`count` accounts, each on an unclaimed doctor who has this year's call, as load/seed.py
    makes them: TOTP on, three vault documents, and a session whose second factor is recorded.
    One per wrk connection: a doctor opens their space from one browser, and sixteen tabs of
    one account would contend on that account's row (every journal entry's foreign-key check
    locks it), which no real doctor causes."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from cotisations.models import DuesCall
    from load.seed import mfa_session_create
    from vault import services as vault_services

    calls = list(
        DuesCall.objects.filter(
            campaign__year=datetime.date.today().year, doctor__account__isnull=True
        )
        .select_related("doctor")
        .order_by("doctor__rpps")[:count]
    )
    if len(calls) < count:
        raise SystemExit("not enough unclaimed doctors with a dues call: is the campaign open?")
    made = []
    for call in calls:
        email = f"banc-web-{secrets.token_hex(4)}@exemple-charge.test"
        user = User.objects.create_user(email=email, password=None, doctor=call.doctor)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        TOTP.activate(user, generate_totp_secret())
        ctx = vault_services.AccessContext(actor=user, ip="127.0.0.1")
        for k in range(3):
            vault_services.document_store_chunks(
                owner=user,
                file_name=f"piece-{k}.pdf",
                chunks=[b"%PDF-1.7\n" + os.urandom(6 * 1024) + b"\n%%EOF\n"],
                ctx=ctx,
            )
        made.append((user, call.doctor, mfa_session_create(user)))
    return made


def bench_doctors_delete(users) -> None:  # type: ignore[no-untyped-def]
    from vault.models import AccessLogEntry, Document

    for user in users:
        Document.objects.filter(owner=user).delete()
        AccessLogEntry.objects.filter(owner=user).delete()
        user.delete()


def start_gunicorn(app: str, port: int, workers: int, log: Path, extra: list[str]):  # type: ignore[no-untyped-def]
    with log.open("wb") as out:
        return subprocess.Popen(
            gunicorn_command(port, workers, *extra, app=app),
            cwd=ROOT,
            env=os.environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def csrf_cookie(port: int, path: str, cookie: str) -> str:
    """The CSRF cookie the portal sets on a page with a form, as a browser keeps it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    finally:
        connection.close()
    from django.conf import settings

    if settings.CSRF_COOKIE_NAME not in jar:
        raise SystemExit(f"{path} set no CSRF cookie")
    return jar[settings.CSRF_COOKIE_NAME].value


def wait_answering(port: int, process: subprocess.Popen[bytes], path: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            get(port, path, {})
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn on {port} did not answer: see {log}") from None
            time.sleep(0.3)


def wrk(url: str, seconds: int, connections: int, cookies: list[str]) -> Figures:
    """wrk on `url`; with `cookies` (Cookie header values), each request takes the next."""
    argv = [WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), "--timeout", "10s"]
    output = subprocess.run(
        [*argv, url, *(["--", *cookies] if cookies else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    data = json.loads(line[4:])
    return Figures(
        requests=data["requests"],
        seconds=data["seconds"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        bad_status=data["bad_status"],
        socket_errors=data["socket_errors"],
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    args = parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if urlsplit(database).scheme not in {"postgres", "postgresql", "pgsql"}:
        print("DATABASE_URL must point at a PostgreSQL database (e.g. portal_bench_web).")
        return 2
    if not os.environ.get("REDIS_URL"):
        print("REDIS_URL must name a Redis database (production's cache and rate limits).")
        return 2
    if not Path(WRK).exists():
        print(f"{WRK} is missing: apt-get install wrk")
        return 2

    work = Path(tempfile.mkdtemp(prefix="web-bench-"))
    os.environ.update(production_env(work))
    os.environ["STATIC_ROOT"] = str(static_root())
    import django

    django.setup()
    prepare()
    from roll.models import Doctor

    actives = Doctor.objects.filter(status="active").order_by("rpps")
    rpps = str(actives.values_list("rpps", flat=True)[1000])
    doctors = bench_doctors(args.connections)
    settle()
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    sessions = [f"{settings.SESSION_COOKIE_NAME}={key}" for _, _, key in doctors]
    portal_port = args.port or free_port()
    bare_port = args.port + 1 if args.port else free_port()
    servers = []
    try:
        portal_log, bare_log = work / "portal.log", work / "bare.log"
        servers.append(
            start_gunicorn("portal.wsgi:application", portal_port, args.workers, portal_log, [])
        )
        bare_env = ["--pythonpath", str(ROOT / "bench" / "bare")]
        servers.append(
            start_gunicorn("app:application", bare_port, args.workers, bare_log, bare_env)
        )
        wait_answering(portal_port, servers[0], "/healthz", portal_log)
        wait_answering(bare_port, servers[1], "/hello/", bare_log)

        table = [e for e in endpoints(rpps) if chosen(e.path, args.only)]
        # A browser has had its CSRF cookie since the login form: each doctor's requests carry
        # it too, as set by the portal (the personal pages are kept per session and cookie).
        cookies = [
            f"{session}; {settings.CSRF_COOKIE_NAME}="
            + csrf_cookie(portal_port, "/espace/cotisations/", session)
            for session in sessions
        ]
        # Each page once: 200 with what it is meant to show, or the run stops here.
        for (_, doctor, _), cookie in zip(doctors, cookies, strict=True):
            expected = {"/espace/": doctor.last_name, "/espace/coffre/": "piece-0.pdf"}
            for endpoint in table:
                if not endpoint.personal and cookie is not cookies[0]:
                    continue
                headers = {"Cookie": cookie} if endpoint.personal else {}
                status, body = get(portal_port, endpoint.path, headers)
                if status != 200 or expected.get(endpoint.path, "").encode() not in body:
                    print(f"{endpoint.path}: HTTP {status}, {body[:300]!r}")
                    return 1

        def measure(port: int, path: str, cookies: list[str]) -> Figures:
            url = f"http://127.0.0.1:{port}{path}"
            wrk(url, args.warmup, args.connections, cookies)
            return wrk(url, args.seconds, args.connections, cookies)

        print(
            f"gunicorn {args.workers} sync workers per app, wrk {args.connections} connections "
            f"({len(doctors)} doctors on the personal pages), {args.seconds} s per endpoint; "
            f"load average before: {load_average()}",
            flush=True,
        )
        pairs = []
        for endpoint in table:
            beside = measure(bare_port, f"/{endpoint.baseline}/", [])
            page = measure(portal_port, endpoint.path, cookies if endpoint.personal else [])
            pairs.append(Pair(endpoint, page, beside))
        return report(pairs)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        bench_doctors_delete([user for user, _, _ in doctors])
        shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True)
class Pair:
    """A page and its bare counterpart, measured one right after the other."""

    endpoint: Endpoint
    page: Figures
    bare: Figures

    @property
    def ratio(self) -> float:
        return self.page.rate / self.bare.rate if self.bare.rate else 0.0


def report(pairs: list[Pair]) -> int:
    header = (
        f"{'page':<44}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'bare':>7}{'ratio':>7}  "
        f"{'goal':<36}{'non-2xx':>8}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for name in ("hello", "page"):
        runs = [pair.bare for pair in pairs if pair.endpoint.baseline == name]
        if not runs:
            continue
        rates = sorted(run.rate for run in runs)
        bad = sum(run.non2xx + run.socket_errors for run in runs)
        failed = failed or bad > 0
        label = f"bare {name}: {len(runs)} runs, {rates[0]:.0f} to {rates[-1]:.0f} req/s"
        print(f"{label:<{len(header) - 8}}{bad:>8}")
    for pair in pairs:
        endpoint, figures = pair.endpoint, pair.page
        goal = f">= {endpoint.goal_ratio} of {endpoint.baseline}"
        met = pair.ratio >= endpoint.goal_ratio
        if endpoint.goal_p99_ms is not None:
            goal += f", p99 < {endpoint.goal_p99_ms:.0f}"
            met = met and figures.p99_ms < endpoint.goal_p99_ms
        bad = figures.non2xx + figures.socket_errors
        failed = failed or bad > 0 or not met
        mark = "" if met else " MISSED"
        status = f" (HTTP {figures.bad_status})" if figures.bad_status else ""
        print(
            f"{endpoint.path[:43]:<44}{figures.rate:>8.0f}{figures.p50_ms:>9.1f}"
            f"{figures.p99_ms:>9.1f}{pair.bare.rate:>7.0f}{pair.ratio:>7.2f}  "
            f"{goal + mark:<36}{bad:>8}{status}"
        )
    print(f"load average after: {load_average()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
