"""Write deploy/requirements.txt: the runtime dependencies pinned to the versions tested here.

`python -m deploy.pin_requirements` walks pyproject.toml's `dependencies` (not the dev extra)
through the installed distributions' metadata and pins each one found, so the image installs
exactly what `make test` and `make smoke` ran against. Run it after changing a dependency.
"""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "deploy" / "requirements.txt"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(roots: list[str]) -> dict[str, str]:
    """{canonical name: installed version} of `roots` and everything they need at runtime."""
    pinned: dict[str, str] = {}
    queue = [(Requirement(spec), "") for spec in roots]
    while queue:
        requirement, parent_extra = queue.pop()
        environment = {"extra": parent_extra} if parent_extra else {"extra": ""}
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = _canonical(requirement.name)
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue  # a marker-less optional dependency not installed here
        extras = sorted(requirement.extras)
        key = name
        if key in pinned and not extras:
            continue
        pinned[key] = distribution.version
        for spec in distribution.requires or []:
            child = Requirement(spec)
            if child.marker is None:
                queue.append((child, ""))
                continue
            for extra in ["", *extras]:
                if child.marker.evaluate({"extra": extra}):
                    queue.append((Requirement(f"{child.name}{_extras(child)}"), ""))
                    break
    return pinned


def _extras(requirement: Requirement) -> str:
    return f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""


def main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = runtime_closure(project["dependencies"])
    lines = [
        "# Runtime dependencies pinned to the versions tested (python -m deploy.pin_requirements).",
        *(f"{name}=={version}" for name, version in sorted(pinned.items())),
    ]
    TARGET.write_text("\n".join(lines) + "\n")
    print(f"{TARGET.relative_to(ROOT)}: {len(pinned)} distributions", file=sys.stderr)


if __name__ == "__main__":
    main()
