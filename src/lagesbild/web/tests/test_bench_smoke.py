"""The benchmark command (``make bench``, bench/run.py) runs end to end at its tiny size.

It times nothing here: it proves that the command fills its database, calls the app's import,
weekly and serving paths and prints a figure beside a baseline for each. The figures themselves
are in docs/performance.md. On the PostgreSQL test run it measures a PostgreSQL database of its
own beside the test database, dropped at the end. The database it finds is already migrated (a
copy of the session's template), as a second bench run finds its database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lagesbild.testing_servers import DatabaseTemplates, is_postgres

ROOT = Path(__file__).resolve().parents[4]
FIGURES = (
    "partner CSV import (10 rows)",
    "police event import (10 events)",
    "police event re-import, unchanged",
    "weekly picture+analysis",
    "peak Python memory",
)


@pytest.mark.servers
def test_bench_command_prints_each_figure_beside_its_baseline(
    tmp_path: Path, database_templates: DatabaseTemplates
) -> None:
    """At the smallest everything: the tiny size, ten rows per import, one round per figure, one
    gunicorn worker, one second of wrk with two connections."""
    url = os.environ.get("DATABASE_URL", "")
    postgres = url if is_postgres(url) else None
    prefix = f"{urlsplit(url).path.strip('/') or 'lagesbild'}_bench_{os.getpid()}"
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "tiny"]
    if postgres:
        maintenance = urlsplit(url)._replace(path="/postgres").geturl()
        command += ["--databases", "postgres", "--postgres-url", maintenance]
    else:
        command += ["--databases", "sqlite"]
    command += ["--db-prefix", prefix, "--parts", "imports,weekly,load", "--import-rows", "10"]
    command += ["--repeat", "1", "--duration", "1", "--connections", "2", "--workers", "1"]
    command += ["--workdir", str(tmp_path)]
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # The database the command reuses (bench/run.py, _database_url): migrated already, from the
    # session's template, so it runs the migrations' no-op and fills in the cast and the reports.
    with database_templates.database(tmp_path, postgres, name=f"{prefix}_tiny"):
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=900, check=False
        )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in FIGURES:
        assert any(name in line for line in lines), f"no line for {name!r}:\n{result.stdout}"
    figures = [line for line in lines if " | " in line]
    assert figures and all("ratio" in line for line in figures)
    served = [line for line in lines if "trivial view" in line or "wrk is not installed" in line]
    assert served, result.stdout
