"""Throughput of the vault on one large file, against the raw crypto pipeline.

    .venv/bin/python bench/vault.py [--size-mib 1024] [--workdir /tmp]

Measures, in one run and on the same file:
  raw       read 64 KiB, SHA-256, AES-256-GCM seal, write, fsync (and the reverse)
  service   vault store / retrieve through the service layer (upload handler's code path),
            with the local key provider and with kms (moto's KMS API in server mode on
            loopback: one GenerateDataKey per store, one Decrypt per retrieve)
  unwrap    the key service's latency per document opened (Decrypt alone, and a whole open
            of a 1 KiB document, kms beside local), over --opens documents
  http      upload (multipart, API token) and download through gunicorn as deployed: one sync
            worker, deploy/gunicorn_conf.py, production settings
and prints MiB/s, the ratios to the raw pipeline, the peak RSS of this process, and how much
the warmed gunicorn worker's memory grows while it receives the file and while it sends it
back. Goals: store >= 0.8x raw seal (both providers), retrieve >= 0.8x raw open (both),
HTTP upload >= 0.4x raw seal, download >= 0.8x raw open;
memory flat with file size: the upload and the download each add at most 16 MB to the
warmed worker.

Without DATABASE_URL it uses a throwaway SQLite database in the work folder (migrated by a
child process);
with DATABASE_URL (e.g. PostgreSQL) it adds a bench user and removes it afterwards. The vault
lives in the work folder; VAULT_KEYS gets a random key unless set. Needs REDIS_URL (a Redis
answering there): production settings refuse to start without it.
"""

import argparse
import base64
import hashlib
import http.client
import os
import resource
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BLOCK = 64 * 1024
MIB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: any free)")
    parser.add_argument("--opens", type=int, default=100, help="documents opened for the unwrap")
    return parser.parse_args()


ARGS = parse_args()
WORK = Path(tempfile.mkdtemp(prefix="vault-bench-", dir=ARGS.workdir))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("VAULT_KEYS", f"bench:{base64.b64encode(secrets.token_bytes(32)).decode()}")
os.environ.setdefault("VAULT_ACTIVE_KEY", os.environ["VAULT_KEYS"].split(":", 1)[0])
os.environ["VAULT_STORAGE"] = "local"
os.environ["VAULT_ROOT"] = str(WORK / "vault")
os.environ["VAULT_QUOTA_BYTES"] = str(4 * 1024**3 + ARGS.size_mib * MIB * 3)
os.environ["VAULT_MAX_FILE_BYTES"] = str(ARGS.size_mib * MIB + MIB)
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from bench.support.vault_processes import KeyService, WorkerMemory, status_mb  # noqa: E402

SIZE = ARGS.size_mib * MIB


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_source(path: Path) -> None:
    block = os.urandom(MIB)
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        written = 9
        while written < SIZE:
            piece = block[: min(MIB, SIZE - written)]
            handle.write(piece)
            written += len(piece)
        handle.flush()
        os.fsync(handle.fileno())


def raw_round_trip(source: Path) -> tuple[float, float]:
    key, prefix = os.urandom(32), os.urandom(7)
    aead = AESGCM(key)
    sealed, opened = WORK / "raw.sealed", WORK / "raw.opened"
    start = time.perf_counter()
    digest = hashlib.sha256()
    with source.open("rb") as src, sealed.open("wb") as dst:
        counter = 0
        while block := src.read(BLOCK):
            digest.update(block)
            dst.write(aead.encrypt(prefix + struct.pack(">IB", counter, 0), block, None))
            counter += 1
        dst.flush()
        os.fsync(dst.fileno())
    seal = time.perf_counter() - start
    start = time.perf_counter()
    check = hashlib.sha256()
    with sealed.open("rb") as src, opened.open("wb") as dst:
        counter = 0
        while block := src.read(BLOCK + 16):
            plain = aead.decrypt(prefix + struct.pack(">IB", counter, 0), block, None)
            check.update(plain)
            dst.write(plain)
            counter += 1
        dst.flush()
        os.fsync(dst.fileno())
    open_ = time.perf_counter() - start
    assert check.hexdigest() == digest.hexdigest()
    sealed.unlink()
    opened.unlink()
    return seal, open_


def file_chunks(path: Path, size: int = 256 * 1024) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def bench_user():  # type: ignore[no-untyped-def]
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from roll.models import Doctor

    suffix = secrets.token_hex(4)
    doctor = Doctor.objects.create(
        rpps=f"99{secrets.randbelow(10**9):09d}",
        last_name="Banc",
        first_name="Essai",
        specialty="Médecine générale",
        department="75",
        registered_on="2010-01-01",
        status="active",
    )
    user = User.objects.create_user(email=f"bench-{suffix}@bench.test", password=None)
    user.doctor = doctor
    user.save(update_fields=["doctor"])
    TOTP.activate(user, generate_totp_secret())
    return user, doctor


def service_store(user, source: Path):  # type: ignore[no-untyped-def]
    from vault.services import AccessContext, document_store_chunks

    start = time.perf_counter()
    document = document_store_chunks(
        owner=user, file_name="bench.pdf", chunks=file_chunks(source), ctx=AccessContext()
    )
    return time.perf_counter() - start, document


def service_retrieve(document) -> float:  # type: ignore[no-untyped-def]
    from vault.streams import plaintext_chunks

    target = WORK / "service.opened"
    start = time.perf_counter()
    with target.open("wb") as dst:
        for chunk in plaintext_chunks(
            storage_name=document.storage_name,
            document_id=document.id,
            owner_id=document.owner_id,
            sha256=document.sha256,
        ):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def use_settings(values: dict[str, str]) -> dict[str, object]:
    """Set vault settings in this process; returns the previous values."""
    from django.conf import settings

    previous = {name: getattr(settings, name) for name in values}
    for name, value in values.items():
        setattr(settings, name, value)
    return previous


def open_latencies(user, count: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """(unwrap alone, whole open) in seconds, for `count` documents of 1 KiB each."""
    from vault import crypto, keys
    from vault.services import AccessContext, document_store_chunks
    from vault.storage import vault_storage

    content = b"%PDF-1.7\n" + os.urandom(1015)
    documents = [
        document_store_chunks(
            owner=user, file_name=f"petit-{i}.pdf", chunks=[content], ctx=AccessContext()
        )
        for i in range(count)
    ]
    unwraps, opens = [], []
    for document in documents:
        header = crypto.parse_header(
            vault_storage().read_prefix(document.storage_name, crypto.MAX_HEADER_SIZE)
        )
        unwrap = keys.unwrapper(document_id=document.id, owner_id=document.owner_id)
        start = time.perf_counter()
        unwrap(header)
        unwraps.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert b"".join(document.open_plaintext()) == content
        opens.append(time.perf_counter() - start)
    return unwraps, opens


def _ms(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def service_best_of_two(user, source: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Store and retrieve twice, the best of each, as for the raw yardstick: one provider's
    figure must not depend on whether it ran first, on a cold page cache."""
    stores, retrieves = [], []
    for _ in range(2):
        seconds, document = service_store(user, source)
        stores.append(seconds)
        retrieves.append(service_retrieve(document))
    return min(stores), min(retrieves)


GROWTH_GOAL_MB = 16


def server_env() -> dict[str, str]:
    """Production settings on plain HTTP over loopback, with this run's database and vault."""
    from deploy.stack import loopback_production_env

    # Production refuses to start at its development defaults (portal/settings/startup_checks.py):
    # test keys and an SMTP address that nothing is sent to, as bench/web.py does.
    return {
        **loopback_production_env(WORK),
        "PAYMENT_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_bench_vault",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench_vault",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "LOG_LEVEL": "WARNING",
    }


def http_round_trip(user, source: Path) -> tuple[float, float, float, float, float]:  # type: ignore[no-untyped-def]
    from accounts.services.tokens import api_token_create
    from deploy.stack import free_port, gunicorn_command

    token = api_token_create(user=user).key
    port = ARGS.port or free_port()
    log = (WORK / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        gunicorn_command(port, 1, "--timeout", "900"),
        cwd=ROOT,
        env=server_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    log_path = WORK / "gunicorn.log"
                    raise SystemExit(f"gunicorn did not start: see {log_path}") from exc
                time.sleep(0.2)
        # Warm up: the first request loads the URLconf and every app's views.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        warm.request("GET", "/api/v1/vault/usage/", headers={"Authorization": f"Token {token}"})
        warm.getresponse().read()
        warm.close()
        memory = WorkerMemory(server.pid)
        warmed = status_mb(memory.pid, "VmRSS")
        memory.start()
        boundary = secrets.token_hex(16)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="bench-http.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + source.stat().st_size + len(tail)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
        start = time.perf_counter()
        conn.putrequest("POST", "/api/v1/vault/documents/")
        conn.putheader("Authorization", f"Token {token}")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(length))
        conn.endheaders()
        conn.send(head)
        for chunk in file_chunks(source, MIB):
            conn.send(chunk)
        conn.send(tail)
        response = conn.getresponse()
        body = response.read()
        upload = time.perf_counter() - start
        upload_growth = memory.growth()
        if response.status != 201:
            raise SystemExit(f"HTTP upload failed: {response.status} {body[:500]!r}")
        import json

        document_id = json.loads(body)["documents"][0]["id"]
        memory.start()
        start = time.perf_counter()
        conn.request(
            "GET",
            f"/api/v1/vault/documents/{document_id}/content",
            headers={"Authorization": f"Token {token}"},
        )
        response = conn.getresponse()
        digest = hashlib.sha256()
        received = 0
        while chunk := response.read(MIB):
            digest.update(chunk)
            received += len(chunk)
        download = time.perf_counter() - start
        if response.status != 200 or received != source.stat().st_size:
            raise SystemExit(f"HTTP download failed: {response.status}, {received} bytes")
        download_growth = memory.growth()
        conn.close()
        return upload, download, warmed, upload_growth, download_growth
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def main() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        # In a child process: loading every migration would otherwise stay in this process's
        # peak RSS, which is meant to show the vault's streaming, not the schema's history.
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity=0"],
            check=True,
            env={**os.environ},
        )
    source = WORK / "source.pdf"
    user = doctor = None
    try:
        print(
            f"Vault benchmark: {ARGS.size_mib} MiB file, work folder {WORK}, DB {connection.vendor}"
        )
        rss_setup = rss_mb()
        make_source(source)
        # Let the source's dirty pages reach the disk, so the first timing does not pay for it.
        os.sync()
        mib = SIZE / MIB
        # The raw pipeline is the yardstick: take its best of two runs (the harsher ratio).
        runs = [raw_round_trip(source) for _ in range(2)]
        seal, open_ = min(r[0] for r in runs), min(r[1] for r in runs)
        user, doctor = bench_user()
        store, retrieve = service_best_of_two(user, source)
        local_unwraps, local_opens = open_latencies(user, ARGS.opens)
        key_service = KeyService(WORK)
        previous = use_settings(key_service.settings())
        try:
            kms_store, kms_retrieve = service_best_of_two(user, source)
            kms_unwraps, kms_opens = open_latencies(user, ARGS.opens)
        finally:
            use_settings(previous)  # type: ignore[arg-type]
            key_service.stop()
        rss_after_service = rss_mb()
        up, down, warmed, up_growth, down_growth = http_round_trip(user, source)
        rows = [
            ("raw seal (read, SHA-256, AES-GCM, write, fsync)", seal, None, None),
            ("raw open (read, AES-GCM, SHA-256, write, fsync)", open_, None, None),
            ("service store (local keys)", store, seal, 0.8),
            ("service retrieve (local keys)", retrieve, open_, 0.8),
            ("service store (kms, moto on loopback)", kms_store, seal, 0.8),
            ("service retrieve (kms, moto on loopback)", kms_retrieve, open_, 0.8),
            ("HTTP upload via gunicorn", up, seal, 0.4),
            ("HTTP download via gunicorn", down, open_, 0.8),
        ]
        print(f"{'step':<52}{'MiB/s':>9}{'ratio':>8}{'goal':>7}")
        for label, seconds, base, goal in rows:
            ratio = f"{base / seconds:.2f}" if base else ""
            goal_text = f">={goal}" if goal else ""
            print(f"{label:<52}{mib / seconds:>9.0f}{ratio:>8}{goal_text:>7}")
        for label, unwraps, opens in (
            ("local", local_unwraps, local_opens),
            ("kms", kms_unwraps, kms_opens),
        ):
            print(
                f"{label:>5} per document opened ({ARGS.opens} of 1 KiB): unwrap "
                f"p50 {_ms(unwraps, 0.5):.2f} ms, p95 {_ms(unwraps, 0.95):.2f} ms; whole open "
                f"p50 {_ms(opens, 0.5):.2f} ms, p95 {_ms(opens, 0.95):.2f} ms"
            )
        print(
            f"peak RSS, this process (raw + service): {rss_after_service:.0f} MB "
            f"(after django.setup(), before any data: {rss_setup:.0f} MB)"
        )
        print(f"gunicorn worker RSS after warm-up: {warmed:.0f} MB")
        for label, growth in (("upload", up_growth), ("download", down_growth)):
            verdict = "ok" if growth <= GROWTH_GOAL_MB else "OVER GOAL"
            print(
                f"worker memory growth during the {ARGS.size_mib} MiB {label}: {growth:.1f} MB "
                f"(goal <= {GROWTH_GOAL_MB} MB: {verdict})"
            )
    finally:
        if user is not None:
            from vault.models import AccessLogEntry, Document
            from vault.storage import vault_storage

            for document in Document.objects.filter(owner=user):
                vault_storage().delete(document.storage_name)
            Document.objects.filter(owner=user).delete()
            AccessLogEntry.objects.filter(owner=user).delete()
            user.delete()
            if doctor is not None:
                doctor.delete()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
