"""`make smoke`: the production stack started natively, and a doctor's journey over HTTP only.

Starts, with `portal.settings.production`: two gunicorn masters on two ports, two Celery
workers, Celery beat (database scheduler), moto as the S3 vault store and an SMTP sink, on a
fresh PostgreSQL database and a Redis database of their own. Each request of the scenario goes
to the other web process than the one before, so the run fails if a session, a rate limit or a
pending flow lived in one process's memory. Prints PASS/FAIL per step; stops everything it
started and drops the database, even on failure or Ctrl-C.
"""

import datetime
import json
import os
import re
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from deploy.psc_stub import PSCStub
from deploy.smoke_client import Browser, MailSink, StepFailed, body, location, totp
from deploy.smoke_dues import DuesSteps
from deploy.smoke_psc import PscSteps, start_psc
from deploy.stack import (
    PYTHON,
    ROOT,
    Process,
    Stack,
    free_port,
    pg_query,
    static_fingerprint,
    wait_until,
)

EMAIL = "smoke.medecin@exemple.test"
PASSWORD = "stethoscope-bleu-lavande-2026"  # noqa: S105 - a throwaway account
PLAINTEXT_MARKER = b"SMOKE-PLAINTEXT-MARKER"


@dataclass
class Scenario(DuesSteps, PscSteps):
    stack: Stack
    browser: Browser
    mail: MailSink
    env: dict[str, str]
    psc: PSCStub | None = None
    state: dict[str, Any] = field(default_factory=dict)
    results: list[tuple[str, bool, float]] = field(default_factory=list)

    def step(self, name: str, action: Callable[[], str | None]) -> None:
        started = time.monotonic()
        try:
            detail = action()
        except Exception as error:
            elapsed = time.monotonic() - started
            self.results.append((name, False, elapsed))
            print(f"FAIL  {name} ({elapsed:.1f} s)\n      {error}", flush=True)
            if not isinstance(error, StepFailed | TimeoutError | RuntimeError):
                traceback.print_exc()
            raise
        elapsed = time.monotonic() - started
        self.results.append((name, True, elapsed))
        print(f"PASS  {name} ({elapsed:.1f} s){f': {detail}' if detail else ''}", flush=True)

    # Steps ----------------------------------------------------------------------------------

    def sign_up(self) -> str:
        response = self.browser.post(
            "/compte/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD}
        )
        return f"redirected to {location(response)}"

    def verify_email(self) -> str:
        """The address is confirmed by the code in the email (ACCOUNT_EMAIL_VERIFICATION_BY_CODE),
        typed on the page signup led to; that also completes the login signup started."""
        message = self.mail.wait_for(EMAIL)
        match = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", body(message))
        if not match:
            raise StepFailed("no confirmation code in the email")
        self.state["confirm_key"] = match.group(1)
        response = self.browser.post("/compte/confirm-email/", {"code": match.group(1)})
        # A new browser session, so that the next step is a login with the password.
        self.browser.session.cookies.clear()
        return f"code from « {message['Subject']} », then {location(response)}"

    def log_in(self) -> str:
        response = self.browser.post("/compte/login/", {"login": EMAIL, "password": PASSWORD})
        self.state["after_login"] = location(response)
        return f"redirected to {location(response)}"

    def claim(self) -> str:
        rows = pg_query(
            self.env["DATABASE_URL"],
            "SELECT rpps, email FROM roll_doctor WHERE status = 'active' AND email <> '' "
            "ORDER BY rpps LIMIT 1",
        )
        rpps, doctor_email = (str(value) for value in rows[0])
        self.state["rpps"] = rpps
        response = self.browser.post("/espace/rattacher/", {"rpps": rpps})
        if not location(response).endswith("/espace/rattacher/code/"):
            raise StepFailed(f"claim start went to {location(response)}")
        message = self.mail.wait_for(doctor_email)
        # The email writes the colon and the code's middle space as non-breaking spaces.
        match = re.search(r"activation\s: (\d{4})\s(\d{4})", body(message))
        if not match:
            raise StepFailed("no activation code in the email")
        code = f"{match.group(1)} {match.group(2)}"
        self.state["claim_code"] = code
        response = self.browser.post("/espace/rattacher/code/", {"code": code})
        space = self.browser.get("/espace/").text
        if rpps not in space:
            raise StepFailed("the doctor space does not show the RPPS number")
        return f"RPPS {rpps}, code sent to {doctor_email}"

    def enable_totp(self) -> str:
        response = self.browser.get("/compte/2fa/totp/activate/", expect=None)
        if "/compte/reauthenticate/" in location(response):
            # allauth asks for the password again before a security change (as in a browser).
            self.browser.post(location(response).split("?")[0], {"password": PASSWORD})
            response = self.browser.get("/compte/2fa/totp/activate/")
        page = response.text
        tag = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', page)
        secret = re.search(r'value="([A-Z2-7]+)"', tag.group(0)) if tag else None
        if not secret:
            raise StepFailed("no TOTP secret on the activation page")
        self.state["secret"] = secret.group(1)
        counter = int(time.time()) // 30
        self.state["last_counter"] = counter
        code = totp(secret.group(1), counter)
        self.browser.post("/compte/2fa/totp/activate/", {"code": code}, page=page)
        if "double authentification est activée" not in self.browser.get("/espace/").text:
            raise StepFailed("the doctor space does not say MFA is enabled")
        return "secret read from the page, code computed"

    def log_in_with_totp(self) -> str:
        self.browser.post("/compte/logout/", {})
        response = self.browser.post("/compte/login/", {"login": EMAIL, "password": PASSWORD})
        if "/2fa/authenticate/" not in location(response):
            raise StepFailed(f"no second factor asked: {location(response)}")
        # A TOTP code is accepted once: wait for the next 30 s period after activation's.
        while int(time.time()) // 30 <= self.state["last_counter"]:
            time.sleep(0.5)
        code = totp(self.state["secret"], int(time.time()) // 30)
        response = self.browser.post("/compte/2fa/authenticate/", {"code": code})
        self.browser.get("/espace/")
        return f"redirected to {location(response)}"

    def vault_upload_download(self) -> str:
        content = b"%PDF-1.4\n% " + PLAINTEXT_MARKER + b"\n" + os.urandom(4096) + b"\n%%EOF\n"
        expires = datetime.date.today() + datetime.timedelta(days=10)
        self.browser.post(
            "/espace/coffre/deposer/",
            {"folder": "", "expires_on": expires.isoformat()},
            form_path="/espace/coffre/",
            files={"files": ("diplome-smoke.pdf", content, "application/pdf")},
        )
        index = self.browser.get("/espace/coffre/").text
        match = re.search(r"/espace/coffre/documents/([0-9a-f-]{36})/telecharger/", index)
        if not match:
            raise StepFailed("the uploaded document is not listed")
        keys = [
            item["Key"]
            for item in self.stack.s3_client()
            .list_objects_v2(Bucket=self.stack.bucket)
            .get("Contents", [])
        ]
        if len(keys) != 1:
            raise StepFailed(f"expected one object in the bucket, found {keys}")
        stored = self.stack.s3_client().get_object(Bucket=self.stack.bucket, Key=keys[0])
        stored_bytes = stored["Body"].read()
        if PLAINTEXT_MARKER in stored_bytes or content[-4096:] in stored_bytes:
            raise StepFailed("the object in the bucket holds plaintext")
        # Format version 2 names the key provider in the header's sixth byte (vault-format.md).
        provider = {1: "local", 2: "kms"}.get(stored_bytes[5]) if stored_bytes[4] == 2 else None
        if provider != self.stack.key_provider:
            raise StepFailed(f"the object's header names {provider!r} as its key provider")
        downloaded = self.browser.get(f"/espace/coffre/documents/{match.group(1)}/telecharger/")
        if downloaded.content != content:
            raise StepFailed("the downloaded document differs from the uploaded one")
        return (
            f"object {keys[0]} ({len(stored_bytes)} bytes, encrypted, data key wrapped by "
            f"{provider}); download identical"
        )

    def reminder_from_worker(self) -> str:
        before = len(self.mail.messages(EMAIL))
        self.stack.run(
            [
                str(self.stack_bin("celery")),
                "-A",
                "portal",
                "call",
                "vault.tasks.vault_expiry_reminders",
            ],
            self.env,
        )
        message = self.mail.wait_for(EMAIL, after=before)
        workers = [p for p in self.stack.processes if p.name.startswith("worker")]
        served_by = [p.name for p in workers if "send_expiry_reminder[" in p.log.read_text()]
        return f"« {message['Subject']} » sent by {', '.join(served_by) or 'a worker'}"

    def health_checks(self) -> str:
        """The containers' health checks (deploy/healthcheck.py) against the native stack."""
        port = self.browser.bases[0].rsplit(":", 1)[1]
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        for kind in ("web", "worker", "beat"):
            self.stack.run([PYTHON, "-m", "deploy.healthcheck", kind], env, timeout=60)
        return "web, worker and beat healthy"

    def served_headers(self) -> str:
        """What gunicorn sends: no software name, a Permissions-Policy, personal pages not
        stored (R1 #9)."""
        public = self.browser.get("/")
        personal = self.browser.get("/espace/coffre/")
        server = public.headers.get("Server", "")
        if "gunicorn" in server.lower():
            raise StepFailed(f"the Server header names the software: {server!r}")
        if "camera=()" not in public.headers.get("Permissions-Policy", ""):
            raise StepFailed("no Permissions-Policy on the home page")
        if "no-store" not in personal.headers.get("Cache-Control", ""):
            raise StepFailed("the vault page may be stored by a cache")
        return f"Server: {server!r}; Permissions-Policy set; /espace/coffre/ no-store"

    def logs_are_clean(self) -> str:
        """Web logs are JSON lines; no process logged a secret or document content."""
        secrets_seen = {
            "password": PASSWORD,
            "confirmation key": self.state["confirm_key"],
            "claim code": self.state["claim_code"],
            "TOTP secret": self.state["secret"],
            "document content": PLAINTEXT_MARKER.decode(),
            "webhook secret": self.env["PAYMENT_WEBHOOK_SECRET"],
            "vault key": self.stack.kek,
            "PSC client secret": self.env["PSC_CLIENT_SECRET"],
            "PSC ID token": self.state["psc_id_token"],
        }
        lines = 0
        for process in self.stack.processes:
            text = process.log.read_text(errors="replace")
            for what, value in secrets_seen.items():
                if value in text:
                    raise StepFailed(f"the {what} appears in the log of {process.name}")
            if process.name.startswith("web"):
                for line in text.splitlines():
                    if line.strip():
                        json.loads(line)
                        lines += 1
        return f"{lines} JSON lines from the web processes; no secret in any log"

    def stack_bin(self, name: str) -> str:
        return os.path.join(os.path.dirname(sys.executable), name)


def start(stack: Stack) -> tuple[dict[str, str], list[str], PSCStub]:
    stack.create_database()
    stack.flush_redis()
    stack.start_mail_sink()
    stack.start_s3()
    stack.create_bucket()
    env = stack.env()  # after the moto server: under kms it names the key made there
    ports = [free_port(), free_port()]
    # Links in emails and QR codes point at the first web process.
    env["SITE_URL"] = f"http://127.0.0.1:{ports[0]}"
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    # The Pro Santé Connect stand-in, before the web processes read PSC_* from the environment.
    psc = start_psc(stack, env)
    # collectstatic with production's storage (hashing, gzip and brotli of every asset) takes
    # about a minute: like the image's build layer, its result is kept while sources are the
    # same (var/smoke-static/<fingerprint>), and it runs beside the migrations otherwise.
    began = time.monotonic()
    static_root = ROOT / "var" / "smoke-static" / static_fingerprint()
    env["STATIC_ROOT"] = str(static_root.with_suffix(".part"))
    static = None
    if not (static_root / "staticfiles.json").exists():
        shutil.rmtree(static_root.parent, ignore_errors=True)
        static = stack.start(
            "collectstatic", [PYTHON, "manage.py", "collectstatic", "--noinput"], env
        )
    for command in (
        ["migrate", "--noinput"],
        ["seed_roll", "--doctors", "50", "--seed", "7"],
        ["open_dues_campaign", "--year", str(datetime.date.today().year)],
    ):
        stack.manage(*command, env=env, timeout=300)
        print(f"      manage.py {command[0]} ({time.monotonic() - began:.1f} s)", flush=True)
    if static is not None:
        if static.popen.wait(timeout=300) != 0:
            raise RuntimeError(f"collectstatic failed:\n{static.tail()}")
        os.replace(env["STATIC_ROOT"], static_root)
        print(f"      manage.py collectstatic ({time.monotonic() - began:.1f} s)", flush=True)
    else:
        print(f"      static files unchanged since the last run: {static_root}", flush=True)
    env["STATIC_ROOT"] = str(static_root)
    webs = [stack.start_web(f"web{n}", port, env) for n, port in enumerate(ports, start=1)]
    workers = [stack.start_worker(f"worker{n}", env) for n in (1, 2)]
    beat = stack.start_beat(env)
    for web, base in zip(webs, bases, strict=True):
        wait_until(f"gunicorn {base}", partial(_healthy, base), timeout=90, process=web)
    for process, mark in [*((worker, "ready.") for worker in workers), (beat, "beat: Starting")]:
        wait_until(process.name, partial(_logged, process, mark), timeout=90, process=process)
    return env, bases, psc


def _logged(process: Process, mark: str) -> bool:
    return mark in process.log.read_text(errors="replace")


def _healthy(base: str) -> bool:
    import requests

    try:
        response = requests.get(base + "/healthz", timeout=2)
    except requests.RequestException:
        return False
    return response.status_code == 200 and response.json()["status"] == "ok"


def main() -> int:
    started = time.monotonic()
    # A CI timeout sends SIGTERM: unwind through `finally` so every process is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stack = Stack()
    print(f"smoke: working folder {stack.workdir}, database {stack.database}", flush=True)
    scenario: Scenario | None = None
    ok = False
    try:
        env, bases, psc = start(stack)
        print(
            f"PASS  stack started ({time.monotonic() - started:.1f} s): "
            f"web {', '.join(bases)}; 2 workers; beat; S3 {stack.s3_url}; "
            f"vault keys {stack.key_provider}; "
            f"SMTP 127.0.0.1:{stack.mail_port}; PSC {psc.base_url}",
            flush=True,
        )
        scenario = Scenario(stack, Browser(bases), MailSink(stack.mail_dir), env, psc)
        scenario.step("health checks of web, worker and beat", scenario.health_checks)
        scenario.step("sign up", scenario.sign_up)
        scenario.step("verify the email address from the sink", scenario.verify_email)
        scenario.step("log in", scenario.log_in)
        scenario.step("claim the roll entry with the code from the sink", scenario.claim)
        scenario.step("enable TOTP", scenario.enable_totp)
        scenario.step("log in again with password and TOTP", scenario.log_in_with_totp)
        scenario.step(
            "vault: upload, stored encrypted in S3, download", scenario.vault_upload_download
        )
        scenario.step("reminder email sent by a worker", scenario.reminder_from_worker)
        scenario.step("pay the dues (dummy provider, webhook via a worker)", scenario.pay_dues)
        scenario.step(
            "webhook endpoint: forged refused, replayed harmless", scenario.webhook_endpoint
        )
        scenario.step("attestation PDF and its public verification", scenario.attestation)
        scenario.step("log a doctor in through Pro Santé Connect", scenario.psc_login)
        scenario.step("response headers as served by gunicorn", scenario.served_headers)
        scenario.step("logs: JSON, no secrets, no document content", scenario.logs_are_clean)
        ok = True
    except KeyboardInterrupt:
        print("smoke: interrupted", file=sys.stderr)
    except Exception as error:
        if scenario is None:
            print(f"FAIL  stack start: {error}", flush=True)
        for process in stack.processes:
            if process.popen.poll() is not None or not ok:
                print(f"---- last lines of {process.name} ({process.log})\n{process.tail()}")
    finally:
        stack.stop()
        if ok:
            shutil.rmtree(stack.workdir, ignore_errors=True)
        else:
            print(f"smoke: logs kept in {stack.workdir}")
    elapsed = time.monotonic() - started
    print(
        f"smoke: {'PASS' if ok else 'FAIL'} in {elapsed:.0f} s; every process stopped, "
        f"database {stack.database} dropped",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
