"""Processes bench/vault.py measures against: the key service (moto in server mode) and the
gunicorn worker whose memory it follows."""

import subprocess
import sys
import time
from pathlib import Path


class KeyService:
    """moto in server mode on loopback, as the `kms` key provider's service, with one key."""

    def __init__(self, work: Path) -> None:
        import boto3

        from deploy.stack import answers, free_port

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = (work / "moto.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not answers(self.url + "/moto-api/"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the moto server did not start: see {work / 'moto.log'}")
            time.sleep(0.2)
        client = boto3.client(
            "kms",
            endpoint_url=self.url,
            region_name="eu-west-3",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",  # noqa: S106 - a local moto server, thrown away
        )
        self.key_id = client.create_key(Description="bench")["KeyMetadata"]["KeyId"]

    def settings(self) -> dict[str, str]:
        return {
            "VAULT_KEY_PROVIDER": "kms",
            "VAULT_KMS_KEYS": f"bench-kms:{self.key_id}",
            "VAULT_ACTIVE_KEY": "bench-kms",
            "VAULT_KMS_ENDPOINT_URL": self.url,
            "VAULT_KMS_REGION": "eu-west-3",
            "VAULT_KMS_ACCESS_KEY_ID": "bench",
            "VAULT_KMS_SECRET_ACCESS_KEY": "bench",
        }

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


class WorkerMemory:
    """The growth of gunicorn's worker during one phase: its peak RSS minus its RSS before.

    The kernel's peak (VmHWM) is reset to the current RSS at the start of each phase
    (`/proc/<pid>/clear_refs`), so the download's figure does not inherit the upload's peak.
    """

    def __init__(self, master_pid: int) -> None:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        [self.pid] = map(int, children)  # one sync worker (--workers 1)

    def start(self) -> None:
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        self.before = status_mb(self.pid, "VmRSS")

    def growth(self) -> float:
        return status_mb(self.pid, "VmHWM") - self.before
