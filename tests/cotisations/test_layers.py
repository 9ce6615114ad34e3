"""A1 #6: the dues read straight. Tasks import services; services and providers never import
tasks (they queue them by name, portal.queueing); no module of the app imports itself back,
even through an import inside a function."""

import ast
import subprocess
import sys
from pathlib import Path

import cotisations

APP = Path(cotisations.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The app's modules that `path` imports anywhere in its body (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from cotisations import selectors` imports the submodule when there is one.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
                break
    return found


def _graph() -> dict[str, set[str]]:
    paths = {
        _module_name(path): path
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts and "management" not in path.parts
    }
    modules = set(paths)
    return {name: _imports(path, modules) - {name} for name, path in paths.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        for target in sorted(graph.get(name, ())):
            # A package importing its own submodules is how packages read; not a cycle.
            if target.startswith(name + "."):
                continue
            found = visit(target, [*path, name])
            if found:
                return found
        done.add(name)
        return None

    for name in sorted(graph):
        found = visit(name, [])
        if found:
            return found
    return None


def test_the_dues_app_has_no_import_cycle():
    assert _cycle(_graph()) is None


def test_only_tasks_import_tasks():
    graph = _graph()
    importers = sorted(name for name, targets in graph.items() if "cotisations.tasks" in targets)
    assert importers == []


def test_the_cycle_check_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_dummy_provider_imports_without_the_tasks():
    code = (
        "import sys, django\n"
        "django.setup()\n"
        "import cotisations.providers.dummy\n"
        "print('cotisations.tasks' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=APP.parent,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "False", result.stderr
