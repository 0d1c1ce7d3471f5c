"""The pure core must never import Django: it is usable from a notebook and testable alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import lagesbild.core

CORE = Path(lagesbild.core.__file__).resolve().parent


def _core_modules() -> list[Path]:
    return [p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts]


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_core_module_imports_django_in_its_source() -> None:
    offenders = [
        str(p.relative_to(CORE)) for p in _core_modules() if "django" in _imported_roots(p)
    ]
    assert offenders == []


def test_no_core_module_imports_an_app_of_the_project() -> None:
    def reaches_outside(path: Path) -> bool:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        return any(
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("lagesbild.")
            and not (node.module or "").startswith("lagesbild.core")
            for node in ast.walk(tree)
        )

    assert [str(p.relative_to(CORE)) for p in _core_modules() if reaches_outside(p)] == []


def test_importing_every_core_module_loads_no_django() -> None:
    modules = sorted(
        "lagesbild.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in _core_modules()
        if p.name != "__init__.py"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
