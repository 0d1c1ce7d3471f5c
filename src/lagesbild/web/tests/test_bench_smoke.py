"""The benchmark command (``make bench``, bench/run.py) runs end to end at its tiny size.

It times nothing here: it proves that the command builds its database, calls the app's import,
weekly and serving paths and prints a figure beside a baseline for each. The figures themselves
are in docs/performance.md. On the PostgreSQL test run it measures a PostgreSQL database of its
own beside the test database, dropped at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[4]
FIGURES = (
    "partner CSV import (10 rows)",
    "police event import (10 events)",
    "police event re-import, unchanged",
    "weekly picture+analysis",
    "peak Python memory",
)


def _database_arguments() -> tuple[list[str], str | None]:
    """Arguments for this test run's kind of database, and the PostgreSQL database to drop."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ["--databases", "sqlite"], None
    parts = urlsplit(url)
    prefix = f"{parts.path.strip('/') or 'lagesbild'}_bench_{os.getpid()}"
    maintenance = parts._replace(path="/postgres").geturl()
    return ["--databases", "postgres", "--postgres-url", maintenance, "--db-prefix", prefix], (
        f"{prefix}_tiny"
    )


def _drop(name: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.servers
def test_bench_command_prints_each_figure_beside_its_baseline(tmp_path: Path) -> None:
    database, created = _database_arguments()
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "tiny", *database]
    command += ["--parts", "imports,weekly,load", "--import-rows", "10", "--repeat", "1"]
    command += ["--duration", "1", "--connections", "2", "--workdir", str(tmp_path)]
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    try:
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=900, check=False
        )
    finally:
        if created:
            _drop(created)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in FIGURES:
        assert any(name in line for line in lines), f"no line for {name!r}:\n{result.stdout}"
    figures = [line for line in lines if " | " in line]
    assert figures and all("ratio" in line for line in figures)
    served = [line for line in lines if "trivial view" in line or "wrk is not installed" in line]
    assert served, result.stdout
