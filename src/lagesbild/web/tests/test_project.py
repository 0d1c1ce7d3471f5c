"""Project-wide checks: migrations, production settings, the CLI, security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

from django.core.management import call_command
from django.test import Client

from lagesbild.testing import run_cli


def test_models_and_migrations_agree(db) -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = run_cli("check", DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="example.se")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "lagesbild: configuration error: SECRET_KEY (or SECRET_KEY_FILE) "
        "must be set when DEBUG is off"
    ]


def test_the_cli_lists_its_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "migrate", "createuser", "week", "municipality"):
        assert f"  {command}  " in result.stdout  # the name stands apart from its text


def test_a_command_error_is_one_line_and_a_non_zero_exit(tmp_path) -> None:
    result = run_cli("week", "2024-37", LAGESBILD_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "lagesbild: '2024-37' är ingen ISO-vecka; skriv den som 2024-W37"
    ]


def test_every_page_sends_a_strict_content_security_policy(db) -> None:
    response = Client().get("/logga-in/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_are_swedish_whatever_the_browser_asks_for_until_the_user_chooses(db) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Logga in" in client.get("/logga-in/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/logga-in/"})
    assert "Log in" in client.get("/logga-in/").content.decode()


def test_sqlite_from_database_url_gets_wal_a_busy_timeout_and_immediate_writes(tmp_path) -> None:
    code = (
        "from django.db import connection as c; k = c.cursor(); "
        "print(k.execute('PRAGMA journal_mode').fetchone()[0], "
        "k.execute('PRAGMA busy_timeout').fetchone()[0], c.transaction_mode, "
        "k.execute('PRAGMA synchronous').fetchone()[0])"
    )
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    result = run_cli("shell", "--verbosity", "0", "--command", code, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    # synchronous 1 = NORMAL: no disk sync per commit in WAL mode (settings.py says why)
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE", "1"]


def test_starting_a_process_imports_no_statistics_or_saml_library(tmp_path) -> None:
    # statsmodels, esda, libpysal, SciPy's submodules and pysaml2 took 2.5 of a command's 3.8
    # seconds to start; they are imported where they are used (core/stats/__init__.py, sso/urls).
    heavy = ("statsmodels", "esda", "libpysal", "scipy.stats", "scipy.sparse", "saml2")
    script = (
        "import sys, django; django.setup(); "
        "from django.core.management import call_command; call_command('check'); "
        "from django.urls import get_resolver; get_resolver().reverse_dict; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "LAGESBILD_DATA_DIR": str(tmp_path)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
