"""The operator's side: health probes, request ids, JSON log lines, Sentry only with a DSN, SMTP
from the environment (docs/operations.md, docs/configuration.md)."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys

import pytest
import sentry_sdk
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.test import override_settings

from lagesbild.web.logs import (
    JsonFormatter,
    RequestIdFilter,
    current_request_id,
    logging_config,
    request_id_from,
)
from lagesbild.web.monitoring import scrub_event


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client) -> None:
    # No django_db mark: pytest-django makes any database access in this test an error.
    response = client.get("/healthz", HTTP_HOST="not-an-allowed-host.example")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_200_when_database_cache_and_migrations_are_fine(client) -> None:
    response = client.get("/readyz/", HTTP_HOST="localhost")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_naming_a_migration_that_is_not_applied(client) -> None:
    last = MigrationRecorder.Migration.objects.filter(app="jobs").order_by("-id").first()
    assert last is not None
    last.delete()  # as if the code were newer than the database (rolled back after the test)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"].startswith("1 migrations not applied (jobs.")
    assert "lagesbild migrate" in body["reason"]
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, tmp_path) -> None:
    working = connections["default"]
    unreachable = dict(working.settings_dict)
    if working.vendor == "sqlite":
        unreachable["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        unreachable.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    broken = load_backend(unreachable["ENGINE"]).DatabaseWrapper(unreachable, "default")
    connections["default"] = broken
    try:
        response = client.get("/readyz")
    finally:
        connections["default"] = working
        broken.close()
    assert response.status_code == 503
    body = response.json()
    assert body["reason"] == "database not reachable: OperationalError"
    assert body["checks"] == {"database": body["reason"]}
    # Liveness stays fine: an outage of the database must not restart the web servers.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_does_not_answer(client) -> None:
    redis = f"redis://127.0.0.1:{_closed_port()}/0"
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis}
    }
    with override_settings(CACHES=caches):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "cache not reachable: ConnectionError"


def test_a_request_id_is_made_or_taken_from_the_proxy_and_answered(client) -> None:
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/healthz")["X-Request-ID"] != made
    taken = client.get("/healthz", HTTP_X_REQUEST_ID="caddy-4f2a.9")
    assert taken["X-Request-ID"] == "caddy-4f2a.9"
    # An id that could break or forge a log line is replaced.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" level=ERROR\n')
    assert forged["X-Request-ID"] != 'x" level=ERROR\n' and len(forged["X-Request-ID"]) == 32
    assert request_id_from("a" * 129) != "a" * 129


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id(client, caplog) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="lagesbild.web.health"):
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            }
        }
        with override_settings(CACHES=caches):
            client.get("/readyz", HTTP_X_REQUEST_ID="req-42")
    [record] = [r for r in caplog.records if r.name == "lagesbild.web.health"]
    assert record.request_id == "req-42"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req-42" and entry["level"] == "WARNING"
    assert entry["logger"] == "lagesbild.web.health"
    assert entry["message"].startswith("not ready: cache not reachable")
    assert entry["time"].endswith("+00:00")


@pytest.mark.django_db
def test_djangos_own_line_about_a_refused_request_carries_its_id(client, caplog) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/api/v1/reports/", HTTP_X_REQUEST_ID="req-43")
    assert response.status_code == 401
    # Django writes this line after the middleware has returned the answer.
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "req-43"
    # Once the request has finished, log lines belong to no request.
    assert current_request_id.get() == "-"


def test_json_lines_hold_an_exception_and_stay_one_line() -> None:
    try:
        raise RuntimeError("två\nrader")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "fel: %s", ("å",), sys.exc_info()
        )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line and line.isascii()
    entry = json.loads(line)
    assert entry["message"] == "fel: å" and entry["request_id"] == "-"
    assert "RuntimeError: två\nrader" in entry["exception"]


def test_the_log_format_is_text_or_json() -> None:
    handler = logging_config("json", "INFO")["handlers"]["console"]  # type: ignore[index]
    assert handler["formatter"] == "json" and handler["filters"] == ["request_id"]
    with pytest.raises(ValueError, match="text or json"):
        logging_config("xml", "INFO")


OPERATOR_VARIABLES = ("EMAIL_", "SENTRY_", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")


def _settings_in_a_new_process(environment: dict[str, str], expression: str) -> object:
    """Import the settings with this environment in a fresh interpreter; return the expression."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(OPERATOR_VARIABLES)}
    code = (
        "import json, sentry_sdk, lagesbild.settings as s\n"
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_not_started_without_a_dsn() -> None:
    assert not sentry_sdk.get_client().is_active()  # this test run has no SENTRY_DSN
    assert _settings_in_a_new_process({}, "sentry_sdk.get_client().is_active()") is False


def test_sentry_starts_with_a_dsn_and_never_sends_personal_data() -> None:
    options = _settings_in_a_new_process(
        {"SENTRY_DSN": "https://public@127.0.0.1:9/1", "SENTRY_ENVIRONMENT": "test"},
        "[sentry_sdk.get_client().is_active(), "
        "{k: sentry_sdk.get_client().options[k] for k in "
        "('send_default_pii', 'include_local_variables', 'environment', 'max_request_body_size')},"
        " sentry_sdk.get_client().options['before_send'].__module__]",
    )
    assert options == [
        True,
        {
            "send_default_pii": False,
            "include_local_variables": False,
            "environment": "test",
            "max_request_body_size": "never",
        },
        "lagesbild.web.monitoring",
    ]


def test_an_event_is_scrubbed_of_personal_data_before_it_leaves() -> None:
    event = {
        "request": {
            "method": "POST",
            "url": "https://lagesbild.example.se/rapporter/?q=Erik+Johansson",
            "query_string": "q=Erik+Johansson",
            "data": {"description": "Ring 070-123 45 67"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Request-ID": "r1", "User-Agent": "x"},
        },
        "user": {"id": 7, "email": "anna@example.se"},
        "extra": {"form": "Erik Johansson"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "bad row: tel 0701234567, pnr 19121212-1212",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"text": "Anna"}}]},
                }
            ]
        },
        "logentry": {"message": "mail anna@example.se failed", "params": ["anna@example.se"]},
        "breadcrumbs": {"values": [{"message": "ring 0701234567", "data": {"x": "y"}}]},
    }
    scrubbed = json.dumps(scrub_event(event))
    for personal in ("Erik", "0701234567", "070-123", "19121212", "anna@", "sessionid", "Anna"):
        assert personal not in scrubbed
    assert event["request"] == {
        "method": "POST",
        "url": "https://lagesbild.example.se/rapporter/",
        "headers": {"X-Request-ID": "r1"},
    }
    assert "[telefonnummer]" in event["exception"]["values"][0]["value"]  # type: ignore[index]


def test_smtp_settings_come_from_the_environment(tmp_path) -> None:
    password = tmp_path / "smtp-password"
    password.write_text("hemligt\n")
    names = (
        "EMAIL_BACKEND EMAIL_HOST EMAIL_PORT EMAIL_HOST_USER EMAIL_HOST_PASSWORD "
        "EMAIL_USE_TLS EMAIL_USE_SSL DEFAULT_FROM_EMAIL SERVER_EMAIL"
    ).split()
    expression = f"{{n: getattr(s, n) for n in {names!r}}}"
    configured = _settings_in_a_new_process(
        {
            "EMAIL_HOST": "smtp.kommun.example.se",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "lagesbild",
            "EMAIL_HOST_PASSWORD_FILE": str(password),
            "EMAIL_USE_TLS": "true",
            "DEFAULT_FROM_EMAIL": "Lägesbild <lagesbild@kommun.example.se>",
        },
        expression,
    )
    assert configured == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.kommun.example.se",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "lagesbild",
        "EMAIL_HOST_PASSWORD": "hemligt",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Lägesbild <lagesbild@kommun.example.se>",
        "SERVER_EMAIL": "Lägesbild <lagesbild@kommun.example.se>",
    }
    unset = _settings_in_a_new_process({}, "s.EMAIL_BACKEND")
    assert unset == "django.core.mail.backends.console.EmailBackend"


def test_transaction_pooling_turns_server_side_cursors_off() -> None:
    expression = 's.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]'
    url = {"DATABASE_URL": "postgres://lagesbild@db.kommun.example.se:6432/lagesbild"}
    assert _settings_in_a_new_process(url, expression) is False
    pooled = {**url, "LAGESBILD_DB_TRANSACTION_POOLING": "true"}
    assert _settings_in_a_new_process(pooled, expression) is True


def test_contradicting_smtp_tls_settings_are_refused() -> None:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    result = subprocess.run(
        [sys.executable, "-c", "import lagesbild.settings"],
        env={**keep, "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (implicit TLS) exclude each other" in (
        result.stderr
    )


def test_former_secret_keys_are_read_whitespace_separated_also_from_a_file(tmp_path) -> None:
    former = tmp_path / "former-keys"
    former.write_text("first-old-key\nsecond-old-key\n")
    environment = {"SECRET_KEY_FALLBACKS_FILE": str(former)}
    assert _settings_in_a_new_process(environment, "s.SECRET_KEY_FALLBACKS") == [
        "first-old-key",
        "second-old-key",
    ]
