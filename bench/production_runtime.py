"""The production image's packages, for benchmarks that measure a server process as deployed.

The Docker image installs `deploy/requirements.txt` and nothing else. The development
environment adds test and load tools, and some production libraries import them when they are
present: Celery imports greenlet (Playwright's), Django REST framework imports Pygments
(pytest's), kombu imports msgpack (locust's); the editable install also runs hooks at start-up.
That is about 4 MB per process that production never carries, so a server's memory is measured
from a virtual environment holding only the production packages.

It is built on first use under var/ (pip, from the package index or its cache, about 20 s) and
rebuilt when deploy/requirements.txt or the Python version changes.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "deploy" / "requirements.txt"
RUNTIME = ROOT / "var" / "bench-runtime"


def production_bin() -> Path:
    """The `bin` folder of a virtual environment with the production packages only."""
    stamp_value = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()
    stamp = RUNTIME / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == stamp_value:
        return RUNTIME / "bin"
    shutil.rmtree(RUNTIME, ignore_errors=True)
    print(f"building the production runtime in {RUNTIME} (deploy/requirements.txt)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(RUNTIME)], check=True)
    subprocess.run(
        [
            str(RUNTIME / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",  # as the Dockerfile: the file pins every package
            "-r",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    stamp.write_text(stamp_value)
    return RUNTIME / "bin"
