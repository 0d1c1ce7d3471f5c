"""The apps' layers: a lower layer never imports a higher one, no app imports another app's views,
and the apps form no import cycle (docs/architecture.md, "Layers").

Read like ``core/tests/test_purity.py``: the source is parsed, nothing is imported. Tests and
migrations are left out; they may reach across layers to set up a world.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

# Bottom to top. An app may import its own layer and those below; within a layer, no cycle.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"areas", "categories", "audit"}),
    frozenset({"organisations"}),
    frozenset({"web", "jobs", "reports", "official", "privacy", "places"}),
    frozenset({"briefings", "measures", "goals", "analysis"}),
    frozenset({"meetings", "annual", "statutory", "public", "accounts", "regional", "sso"}),
    frozenset({"api", "demo", "workflow"}),
)
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").is_file())


def _imports(app: str, package: Path = PACKAGE) -> Iterator[tuple[Path, str]]:
    """Yield (file, imported module) for every ``lagesbild.*`` import in an app's code."""
    yield from _parsed_imports(app, package)


@cache
def _parsed_imports(app: str, package: Path) -> tuple[tuple[Path, str], ...]:
    """The app's imports, parsed once per test process: every test of an app, and each app's
    edges for every other app's test, read the same unchanged source (parsing every app for each
    of the apps' tests was most of this module's time)."""
    return tuple(_walk_imports(app, package))


def _walk_imports(app: str, package: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted((package / app).rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(package).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                if module.startswith("lagesbild."):
                    yield path, module


def _app_edges() -> dict[str, dict[str, list[str]]]:
    """Return app → imported app → the places that import it."""
    apps = set(_apps())
    edges: dict[str, dict[str, list[str]]] = {app: {} for app in apps}
    for app in apps:
        for path, module in _imports(app):
            target = module.split(".")[1]
            if target in apps and target != app:
                where = f"{path.relative_to(PACKAGE)} imports {module}"
                edges[app].setdefault(target, []).append(where)
    return edges


def test_every_app_has_a_layer() -> None:
    assert set(_apps()) == set(LAYER_OF)


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_an_app_imports_no_higher_layer(app: str) -> None:
    higher = {
        target: places
        for target, places in _app_edges()[app].items()
        if LAYER_OF[target] > LAYER_OF[app]
    }
    assert not higher, f"{app} (layer {LAYER_OF[app]}) imports a higher layer: {higher}"


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_an_app_imports_no_other_apps_views(app: str) -> None:
    views = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path, module in _imports(app)
        if module.split(".")[1] != app
        and any(part == "views" or part.startswith("views_") for part in module.split(".")[2:])
    ]
    assert not views


def test_the_apps_form_no_cycle() -> None:
    edges = {app: set(targets) for app, targets in _app_edges().items()}
    seen: set[str] = set()

    def walk(app: str, path: list[str]) -> None:
        if app in path:
            cycle = path[path.index(app) :] + [app]
            pytest.fail("import cycle between apps: " + " → ".join(cycle))
        if app in seen:
            return
        for target in sorted(edges[app]):
            walk(target, [*path, app])
        seen.add(app)

    for app in sorted(edges):
        walk(app, [])


def test_the_parser_sees_every_import_form_and_skips_tests(tmp_path: Path) -> None:
    app = tmp_path / "fake"
    (app / "tests").mkdir(parents=True)
    (app / "a.py").write_text(
        "from lagesbild.api import views\nimport lagesbild.meetings.views_export\n"
        "def f():\n    from lagesbild.reports.views import x\n"
    )
    (app / "tests" / "test_a.py").write_text("from lagesbild.demo import views\n")
    found = {module for _, module in _imports("fake", tmp_path)}
    assert {"lagesbild.api.views", "lagesbild.meetings.views_export"} <= found
    assert "lagesbild.reports.views.x" in found
    assert not any(m.startswith("lagesbild.demo") for m in found)
