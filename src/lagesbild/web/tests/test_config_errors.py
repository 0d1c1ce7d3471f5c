"""A wrong setting stops every command with one line naming the variable, and a non-zero exit.

Run through the real console script (``python -m lagesbild check``), as an operator meets them:
before, a wrong database scheme or log level ended in an error without the variable's name
("Scheme '://' is unknown…", "Unable to configure root logger"), a MySQL address in "unexpected
error ImproperlyConfigured", a wrong REDIS_URL was accepted until the first page used the
cache, and an address in ALLOWED_HOSTS made every page answer 400. The password in a database
address is never repeated.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from lagesbild.testing import run_cli


def _check(tmp_path: Path, variable: str, value: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "LAGESBILD_DATA_DIR": str(tmp_path), variable: value}
    return run_cli("check", environment=environment)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "foo", "DATABASE_URL is not a database address like postgres://"),
        ("DATABASE_URL", "postgres://u:hemligt@h:port/x", "DATABASE_URL is not a database"),
        ("DATABASE_URL", "mysql://u:hemligt@h/x", "DATABASE_URL names a 'mysql' database"),
        ("DATABASE_URL", "sqlite://", "DATABASE_URL names no database"),
        ("DATABASE_URL", "postgres://u:hemligt@h:5432", "DATABASE_URL names no database"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be like redis://host:6379/0"),
        ("REDIS_URL", "redis://a:6379/0,b:6379", "REDIS_URL must be like redis://"),
        ("REDIS_URL", "redis://a:6379/0?socket_timeout=soon", "REDIS_URL is not a Redis address"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("ALLOWED_HOSTS", "https://lagesbild.kommun.se/", "ALLOWED_HOSTS holds host names"),
        ("ALLOWED_HOSTS", "lagesbild.kommun.se:443", "not 'lagesbild.kommun.se:443'"),
    ],
)
def test_a_wrong_setting_is_one_line_naming_it(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    result = _check(tmp_path, variable, value)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lagesbild: configuration error: ")
    assert expected in lines[0], lines[0]
    assert "hemligt" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgresql://u:p@db.example:5432/lagesbild"),
        ("DATABASE_URL", "sqlite:////srv/lagesbild/lagesbild.sqlite3"),
        ("REDIS_URL", "redis://cache:6379/0"),
        ("REDIS_URL", "rediss://a:6380/0, rediss://b:6380/0"),
        ("LOG_LEVEL", "info"),  # any case, as logging's own names
        ("ALLOWED_HOSTS", "lagesbild.kommun.se, .kommun.se, 10.0.0.5, [::1]"),
    ],
)
def test_right_settings_pass(tmp_path: Path, variable: str, value: str) -> None:
    # check alone reaches neither the database nor the cache: only the settings are read.
    result = _check(tmp_path, variable, value)
    assert result.returncode == 0, result.stderr
