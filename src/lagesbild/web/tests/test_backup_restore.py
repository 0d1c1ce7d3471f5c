"""scripts/backup_restore_check.py against the real PostgreSQL server (docs/operations.md, "Backup
and restore"): a migrated and filled database is dumped with pg_dump, restored with pg_restore
into a fresh database, and every table has as many rows as before; a dump that is older than the
database is caught, table by table.

Runs in both test runs: on the SQLite run it uses the PostgreSQL server of POSTGRES_TEST_URL
(default 127.0.0.1:5432), as scripts/test.sh does for the PostgreSQL run.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import psycopg
import pytest

from lagesbild.testing_servers import FILL, DatabaseTemplates, command_environment, lagesbild

REPO = Path(__file__).resolve().parents[4]
SCRIPT = REPO / "scripts" / "backup_restore_check.py"
REPORTS = """
from datetime import datetime
from zoneinfo import ZoneInfo
from lagesbild.organisations.models import Organisation
from lagesbild.testing import Cast, file_report, recount
housing = Organisation.objects.get(slug="bostad")
for day in range(1, 8):
    when = datetime(2024, 9, day, 22, tzinfo=ZoneInfo("Europe/Stockholm"))
    file_report(housing, "klotter", when, Cast.NORR_POINT, f"Klotter på gaveln, dag {day}")
recount(housing.municipality)
"""


def _server_url() -> str:
    test_url = os.environ.get("DATABASE_URL", "")
    if test_url.startswith(("postgres://", "postgresql://")):
        return test_url
    return os.environ.get("POSTGRES_TEST_URL", "postgres://postgres@127.0.0.1:5432/lagesbild")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("backup_restore_check", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def filled_database(
    tmp_path_factory, database_templates: DatabaseTemplates
) -> Iterator[tuple[str, dict[str, str]]]:
    """A new PostgreSQL database, migrated and filled by ``lagesbild`` commands (a copy of the
    session's template so filled); dropped after. One ``shell`` fills in the cast and reports."""
    folder = tmp_path_factory.mktemp("backup")
    with database_templates.database(folder, _server_url(), (FILL + REPORTS,)) as prepared:
        yield prepared.url, command_environment(prepared.url, folder)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600
    )


def test_a_backup_restores_to_the_same_rows_in_every_table(filled_database) -> None:
    url, _ = filled_database
    counts = _script().row_counts(url)
    assert counts["public.reports_report"] == 7 and counts["public.auth_user"] > 5
    result = _run(url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(counts)} tables, {sum(counts.values())} rows in the original" in result.stdout
    assert result.stdout.strip().endswith("the restored copy equals the original")
    restored = f"{urlsplit(url).path.strip('/')}_restore_check_"
    with psycopg.connect(urlsplit(url)._replace(path="/postgres").geturl()) as connection:
        left = connection.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s", [f"{restored}%"]
        ).fetchone()
    assert left == (0,)  # the restored copy was dropped


def test_a_dump_older_than_the_database_is_caught(filled_database, tmp_path) -> None:
    url, environment = filled_database
    old_dump = tmp_path / "old.dump"
    _script().dump(url, old_dump)
    lagesbild(environment, "shell", "--verbosity", "0", "--command", REPORTS)  # 7 more reports
    result = _run(url, "--dump", str(old_dump))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DIFFERS public.reports_report: 14 rows before, 7 after the restore" in result.stdout


def test_differences_name_missing_tables_and_a_bad_url_is_refused() -> None:
    script = _script()
    assert script.differences({"a": 1, "b": 2}, {"a": 1, "b": 2}) == []
    assert script.differences({"a": 1}, {"b": 0}) == [
        "a: 1 rows before, missing after the restore",
        "b: missing rows before, 0 after the restore",
    ]
    result = _run("sqlite:///data/lagesbild.sqlite3")
    assert result.returncode == 2 and "must be a postgres:// URL" in result.stderr


def test_the_password_in_the_url_is_never_shown(filled_database, capfd) -> None:
    """A failed pg_dump's message repeated its whole command line, the URL's password included
    (into a cron mail or a log), and ``ps`` showed it while pg_dump ran: now it goes to libpq
    in PGPASSWORD."""
    script = _script()
    assert script.main(["postgres://lagesbild:hemligt@127.0.0.1:1/lagesbild"]) == 2
    out, err = capfd.readouterr()
    assert "backup check failed: pg_dump ended with exit code 1" in err
    assert "hemligt" not in out + err
    assert script.without_password("postgres://u:p%40ss@h:5432/d") == "postgres://u@h:5432/d"
    url, _ = filled_database
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    result = _run(parts._replace(netloc=f"{parts.username}:hemligt@{host}").geturl())
    assert result.returncode == 0, result.stdout + result.stderr  # the test server trusts us
    assert "hemligt" not in result.stdout + result.stderr
