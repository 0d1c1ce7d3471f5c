"""Settings that started cleanly and failed at the first login or API call are refused at start,
and the documented e-mail limits are read from the environment.

The settings module is read afresh (``runpy``) in the environment each test sets, as a server
process reads it when it starts. Before: ``LAGESBILD_SESSION_HOURS=0`` or
``LAGESBILD_LOGIN_FAILURE_LIMIT=0`` started and then let nobody log in, a rate REST framework
cannot read (``LAGESBILD_API_RATE=600 per minute``) answered every API call with 500, and
``LAGESBILD_MEMBER_MAIL_LIMIT`` and the password-reset limits (docs/configuration.md) were never
read at all.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from rest_framework.throttling import SimpleRateThrottle

import lagesbild.settings
from lagesbild.env import ConfigError

PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "lagesbild.kommun.se"}


def read_settings(monkeypatch: pytest.MonkeyPatch, folder: Path, **env: str) -> dict[str, Any]:
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(folder))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(lagesbild.settings.__file__)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "LAGESBILD_API_RATE",
            "600 per minute",
            "LAGESBILD_API_RATE must be a number of calls per second, minute, hour or day, "
            "like 600/minute, not '600 per minute'",
        ),
        (
            "LAGESBILD_API_ANON_RATE",
            "60/week",
            "LAGESBILD_API_ANON_RATE must be a number of calls per second, minute, hour or day, "
            "like 600/minute, not '60/week'",
        ),
        (
            "LAGESBILD_SESSION_HOURS",
            "0",
            "LAGESBILD_SESSION_HOURS must be a whole number of at least 1, not '0'",
        ),
        (
            "LAGESBILD_LOGIN_FAILURE_LIMIT",
            "0",
            "LAGESBILD_LOGIN_FAILURE_LIMIT must be a whole number of at least 1, not '0'",
        ),
        (
            "LAGESBILD_LOGIN_COOLOFF_MINUTES",
            "-30",
            "LAGESBILD_LOGIN_COOLOFF_MINUTES must be a whole number of at least 1, not '-30'",
        ),
        (
            "LAGESBILD_MAX_UPLOAD_BYTES",
            "0",
            "LAGESBILD_MAX_UPLOAD_BYTES must be a whole number of at least 1, not '0'",
        ),
        (
            "LAGESBILD_MEMBER_MAIL_LIMIT",
            "0",
            "LAGESBILD_MEMBER_MAIL_LIMIT must be a whole number of at least 1, not '0'",
        ),
        ("EMAIL_PORT", "70000", "EMAIL_PORT must be a whole number from 1 to 65535, not '70000'"),
        (
            "LAGESBILD_BASE_URL",
            "lagesbild.kommun.se",  # links in e-mails began "://konto/aterstall/…"
            "LAGESBILD_BASE_URL must be the address alone, like https://lagesbild.kommun.se, "
            "not 'lagesbild.kommun.se'",
        ),
        (
            "LAGESBILD_BASE_URL",
            "https://kommun.se/lagesbild",  # the links name the host alone: the path was lost
            "LAGESBILD_BASE_URL must be the address alone, like https://lagesbild.kommun.se, "
            "not 'https://kommun.se/lagesbild'",
        ),
        (
            "LAGESBILD_TRUSTED_PROXIES",
            "10.0.0.0/8, proxy",
            "LAGESBILD_TRUSTED_PROXIES holds IP addresses or networks such as 10.0.0.5 or "
            "172.16.0.0/12, not 'proxy'",
        ),
    ],
)
def test_a_value_that_would_fail_later_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        read_settings(monkeypatch, tmp_path, **{variable: value})
    assert str(refused.value) == message


def test_a_negative_hsts_age_is_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as refused:
        read_settings(monkeypatch, tmp_path, **PRODUCTION, SECURE_HSTS_SECONDS="-1")
    assert str(refused.value) == (
        "SECURE_HSTS_SECONDS must be a whole number of at least 0, not '-1'"
    )


def test_rates_are_written_as_rest_framework_reads_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # REST framework reads the unit's first letter: the short forms it took stay valid.
    read = read_settings(
        monkeypatch, tmp_path, LAGESBILD_API_RATE=" 100 / min ", LAGESBILD_API_ANON_RATE="10/S"
    )
    rates = read["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]
    assert rates == {"api": "100/minute", "api_anon": "10/second"}
    assert SimpleRateThrottle.parse_rate(None, rates["api"]) == (100, 60)
    assert SimpleRateThrottle.parse_rate(None, rates["api_anon"]) == (10, 1)


def test_the_documented_mail_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    defaults = read_settings(monkeypatch, tmp_path)
    limits = (
        "LAGESBILD_MEMBER_MAIL_LIMIT",
        "LAGESBILD_MEMBER_MAIL_SENDER_LIMIT",
        "LAGESBILD_PASSWORD_RESET_ADDRESS_LIMIT",
        "LAGESBILD_PASSWORD_RESET_CLIENT_LIMIT",
    )
    assert [defaults[name] for name in limits] == [3, 50, 3, 10]
    configured = read_settings(monkeypatch, tmp_path, **{name: "7" for name in limits})
    assert [configured[name] for name in limits] == [7, 7, 7, 7]


def test_a_kept_database_connection_is_checked_before_a_request_uses_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """After a database restart a kept connection is dead: Django then opens a new one instead
    of failing the request (web/tests/test_servers.py restarts one under real servers)."""
    read = read_settings(monkeypatch, tmp_path, DATABASE_URL="postgres://u@db.example/lagesbild")
    database = read["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_a_base_url_keeps_its_port_and_loses_a_last_slash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    read = read_settings(monkeypatch, tmp_path, LAGESBILD_BASE_URL="https://lb.kommun.se:8443/")
    assert read["LAGESBILD_BASE_URL"] == "https://lb.kommun.se:8443"


def test_a_longest_login_shorter_than_the_idle_time_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as refused:
        read_settings(
            monkeypatch, tmp_path, LAGESBILD_SESSION_HOURS="10", LAGESBILD_SESSION_MAX_HOURS="8"
        )
    assert str(refused.value) == (
        "LAGESBILD_SESSION_MAX_HOURS must be at least LAGESBILD_SESSION_HOURS (10), not 8"
    )
    monkeypatch.delenv("LAGESBILD_SESSION_HOURS")
    read = read_settings(monkeypatch, tmp_path, LAGESBILD_SESSION_MAX_HOURS="12")
    assert (read["SESSION_COOKIE_AGE"], read["SESSION_MAX_AGE"]) == (8 * 3600, 12 * 3600)


def test_the_database_address_may_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A secret file keeps the database password out of the environment, as SECRET_KEY_FILE does.
    secret = tmp_path / "database_url"
    secret.write_text(f"sqlite:///{tmp_path}/from-file.sqlite3\n", encoding="utf-8")
    read = read_settings(monkeypatch, tmp_path, DATABASE_URL_FILE=str(secret))
    assert read["DATABASES"]["default"]["NAME"] == f"{tmp_path}/from-file.sqlite3"
    with pytest.raises(ConfigError) as refused:
        read_settings(monkeypatch, tmp_path, DATABASE_URL_FILE=str(tmp_path / "missing"))
    assert str(refused.value).startswith(
        f"DATABASE_URL_FILE points at '{tmp_path}/missing', which cannot be read"
    )
