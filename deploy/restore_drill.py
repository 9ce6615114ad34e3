"""`make restore-drill`: back up a deployment, restore it elsewhere, prove the vault verifies.

On a throwaway deployment (production settings, PostgreSQL on 127.0.0.1:5432, moto as S3)
filled with encrypted vault documents, it runs the three backups of docs/backup.md:

1. the database: `pg_dump --format=custom`;
2. the vault's objects: every object of the bucket copied to a folder, with a SHA-256 manifest;
3. the key-encryption keys (`VAULT_KEYS`), written to a separate folder (mode 0600): in real
   life another medium and another custodian than the two above. With the `kms` key provider
   (`SMOKE_VAULT_KEY_PROVIDER=kms` or `VAULT_KEY_PROVIDER_UNDER_TEST=kms`) the keys stay in
   the key service, the trusted third party's: what is kept apart is only how to reach them
   (`VAULT_KMS_KEYS`, the endpoint), never key material.

then restores them into a fresh database and a fresh bucket, runs `manage.py vault_verify`
against the restored pair with the restored keys (the vault's documents, an applicant's and a
change request's: every encrypted model), and checks the controls: the same restore with
another key must fail verification (without the keys, the backup is worth nothing), under kms
so must the restore without the key service, and so must the restore once one applicant's
document is tampered with.
Everything it created is removed at the end, even on failure.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy.stack import PYTHON, Stack, database_url, new_kek

# What the key safe holds: the local KEKs, or how to reach the key service's keys.
KEY_VARIABLES = (
    "VAULT_KEY_PROVIDER",
    "VAULT_KEYS",
    "VAULT_KMS_KEYS",
    "VAULT_ACTIVE_KEY",
    "VAULT_KMS_ENDPOINT_URL",
    "VAULT_KMS_REGION",
)

DOCUMENTS = 6


def step(name: str, detail: str = "") -> None:
    print(f"PASS  {name}{f': {detail}' if detail else ''}", flush=True)


def backup_database(url: str, target: Path) -> None:
    subprocess.run(  # noqa: S603 - our own command line
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), url],  # noqa: S607
        check=True,
    )


def restore_database(dump: Path, url: str) -> None:
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", url, str(dump)],  # noqa: S607
        check=True,
    )


def backup_bucket(stack: Stack, bucket: str, folder: Path) -> dict[str, str]:
    """Copy every object to `folder`; the manifest maps each key to its SHA-256."""
    client = stack.s3_client()
    manifest: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            target = folder / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(bucket, item["Key"], str(target))
            manifest[item["Key"]] = hashlib.sha256(target.read_bytes()).hexdigest()
    (folder.parent / "vault-manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def restore_bucket(stack: Stack, folder: Path, manifest: dict[str, str], bucket: str) -> None:
    client = stack.s3_client()
    for key, digest in manifest.items():
        source = folder / key
        if hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            raise RuntimeError(f"backup copy of {key} does not match its manifest")
        client.upload_file(str(source), bucket, key)


def backup_keys(env: dict[str, str], folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    keys = folder / "vault-keys.env"
    keys.touch(mode=0o600)
    keys.write_text("".join(f"{name}={env[name]}\n" for name in KEY_VARIABLES if name in env))
    return keys


def tamper_object(stack: Stack, bucket: str, key: str) -> None:
    """Flip the last bit of one object, as a damaged copy or an attacker would."""
    client = stack.s3_client()
    data = bytearray(client.get_object(Bucket=bucket, Key=key)["Body"].read())
    data[-1] ^= 1
    client.put_object(Bucket=bucket, Key=key, Body=bytes(data))


def read_keys(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def main() -> int:
    started = time.monotonic()
    # A CI timeout sends SIGTERM: unwind through `finally` so every process is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stack = Stack()
    stack.database = os.environ.get("SMOKE_DATABASE") or f"portal_drill_{os.getpid()}"
    stack.bucket = f"vault-drill-{os.getpid()}"
    restored_db, restored_bucket = f"{stack.database}_restored", f"{stack.bucket}-restored"
    backup = stack.workdir / "backup"  # database dump and vault objects
    key_safe = stack.workdir / "key-safe"  # the keys, kept apart
    ok = False
    print(f"restore drill: working folder {stack.workdir}", flush=True)
    try:
        stack.create_database()
        stack.start_s3()
        stack.create_bucket()
        env = stack.env()  # after the moto server: under kms it names the key made there
        stack.manage("migrate", "--noinput", env=env, timeout=300)
        seeded = stack.run([PYTHON, "-m", "deploy.drill_seed", str(DOCUMENTS)], env)
        lines = [line.split() for line in seeded.splitlines()]
        expected = {words[0] for words in lines if len(words) == 2 and words[0] != "applicant"}
        applicant_object = next(words[1] for words in lines if words[:1] == ["applicant"])
        step(
            "deployment to back up",
            f"{len(expected)} encrypted documents in {stack.bucket} "
            "(vault, an applicant’s, a change request’s, an exemption request’s)",
        )

        backup.mkdir()
        backup_database(env["DATABASE_URL"], backup / "portal.dump")
        manifest = backup_bucket(stack, stack.bucket, backup / "vault")
        keys_file = backup_keys(env, key_safe)
        size = sum(p.stat().st_size for p in backup.rglob("*") if p.is_file())
        step(
            f"backup (vault keys: {stack.key_provider})",
            f"pg_dump {(backup / 'portal.dump').stat().st_size} bytes, {len(manifest)} objects, "
            f"{size} bytes in all; keys in {keys_file} (0600, apart)",
        )

        stack.create_database(restored_db)
        restore_database(backup / "portal.dump", database_url(restored_db))
        stack.create_bucket(restored_bucket)
        restore_bucket(stack, backup / "vault", manifest, restored_bucket)
        restored_env = stack.env(database=restored_db, bucket=restored_bucket)
        restored_env.update(read_keys(keys_file))
        step("restore", f"database {restored_db}, bucket {restored_bucket}, keys from the safe")

        report = stack.manage("vault_verify", env=restored_env).strip()
        if f"Checked {len(expected)} document(s), 0 failure(s)." not in report:
            raise RuntimeError(f"unexpected vault_verify report: {report}")
        step("vault_verify on the restored database and bucket", report.splitlines()[-1])

        if stack.key_provider == "kms":
            wrong_keys = stack.vault_key_env(kms_key_id=stack.create_kms_key())
        else:
            wrong_keys = {"VAULT_KEYS": f"{stack.kek_id}:{new_kek()}"}
        try:
            stack.manage("vault_verify", env={**restored_env, **wrong_keys})
        except RuntimeError:
            step("control: the same restore with another key fails verification")
        else:
            raise RuntimeError("vault_verify passed with a wrong key: the drill proves nothing")
        if stack.key_provider == "kms":
            # A database dump, the objects and the whole web environment, no key service.
            unreachable = {**restored_env, "VAULT_KMS_ENDPOINT_URL": "http://127.0.0.1:9"}
            try:
                stack.manage("vault_verify", env=unreachable)
            except RuntimeError:
                step("control: the same restore without the key service fails verification")
            else:
                raise RuntimeError("vault_verify passed without the key service")

        tamper_object(stack, restored_bucket, applicant_object)
        try:
            stack.manage("vault_verify", env=restored_env)
        except RuntimeError as failure:
            if "registrations.RegistrationDocument" not in str(failure):
                raise RuntimeError(f"vault_verify failed elsewhere: {failure}") from failure
            step("control: a tampered applicant document is reported by vault_verify")
        else:
            raise RuntimeError("vault_verify passed with a tampered applicant document")
        ok = True
    except Exception as error:
        print(f"FAIL  {error}", flush=True)
        for process in stack.processes:
            print(f"---- last lines of {process.name}\n{process.tail()}")
    finally:
        stack.stop()
        shutil.rmtree(stack.workdir, ignore_errors=True)
    outcome = "PASS" if ok else "FAIL"
    print(
        f"restore drill: {outcome} in {time.monotonic() - started:.0f} s; databases dropped, "
        "S3 server stopped, backup folders removed",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
